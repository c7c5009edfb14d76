package io.cairn.instance.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cairn.instance.api.BackupMode;
import io.cairn.instance.api.BackupModeStart;
import io.cairn.instance.postgres.PostgresClient;
import io.cairn.instance.postgres.PostgresSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backup mode on one dedicated session: pg_backup_start, then pg_backup_stop in the same session. */
class BackupModeSessionTest {

    private static final String LABEL = "START WAL LOCATION: 0/2000028 (file 000000010000000000000002)\n";

    private final List<FakeSession> sessions = new CopyOnWriteArrayList<>();
    private int version = 160004;
    private String failOn;
    private final BackupModeSession backupMode = new BackupModeSession("s1", () -> {
        FakeSession session = new FakeSession();
        sessions.add(session);
        return session;
    });

    @AfterEach
    void close() {
        backupMode.close();
    }

    @Test
    void startingRunsATemporarySlotAndPgBackupStartOnOneSessionKeptOpen() {
        BackupMode starting = backupMode.start(new BackupModeStart("nightly-1", true, true));

        assertThat(starting.phase()).isEqualTo(BackupMode.Phase.STARTING);
        BackupMode started = awaitPhase(BackupMode.Phase.STARTED);
        assertThat(started.beginLSN()).isEqualTo("0/2000028");
        assertThat(started.backupName()).isEqualTo("nightly-1");
        assertThat(sessions).singleElement().satisfies(session -> {
            assertThat(session.queries)
                    .containsExactly(
                            "SELECT current_setting('server_version_num')",
                            "SELECT pg_create_physical_replication_slot(slot_name => 'nightly_1', immediately_reserve => true, "
                                    + "temporary => true)",
                            "SELECT pg_backup_start(label => 'nightly-1', fast => true)");
            assertThat(session.closed).isFalse();
        });
    }

    @Test
    void stoppingRunsPgBackupStopOnTheSameSessionAndReturnsTheFilesInBase64() {
        backupMode.start(new BackupModeStart("nightly-1", false, false));
        awaitPhase(BackupMode.Phase.STARTED);

        assertThat(backupMode.stop("nightly-1").phase()).isEqualTo(BackupMode.Phase.CLOSING);
        BackupMode completed = awaitPhase(BackupMode.Phase.COMPLETED);

        assertThat(completed.endLSN()).isEqualTo("0/2000100");
        assertThat(new String(Base64.getDecoder().decode(completed.backupLabelFile()), StandardCharsets.UTF_8))
                .isEqualTo(LABEL);
        assertThat(completed.tablespaceMapFile()).isEmpty();
        assertThat(sessions).singleElement().satisfies(session -> {
            assertThat(session.queries)
                    .last()
                    .isEqualTo("SELECT json_build_object('lsn', lsn::text, 'labelFile', "
                            + "labelfile, 'spcmapFile', spcmapfile) FROM pg_backup_stop(wait_for_archive => false)");
            assertThat(session.closed).isTrue();
        });
    }

    @Test
    void postgres14UsesTheExclusiveFreeOldFunctions() {
        version = 140010;
        backupMode.start(new BackupModeStart("b", false, true));
        awaitPhase(BackupMode.Phase.STARTED);
        backupMode.stop("b");
        awaitPhase(BackupMode.Phase.COMPLETED);

        assertThat(sessions.get(0).queries)
                .contains(
                        "SELECT pg_start_backup('b', false, false)",
                        "SELECT json_build_object('lsn', lsn::text, 'labelFile', labelfile, 'spcmapFile', spcmapfile) FROM "
                                + "pg_stop_backup(false, true)");
    }

    @Test
    void startingAgainForTheSameBackupIsANoOp() {
        backupMode.start(new BackupModeStart("b", false, true));
        awaitPhase(BackupMode.Phase.STARTED);

        assertThat(backupMode.start(new BackupModeStart("b", false, true)).phase())
                .isEqualTo(BackupMode.Phase.STARTED);
        assertThat(sessions).hasSize(1);
    }

    @Test
    void aFailedStartIsReportedAndItsSessionClosed() {
        failOn = "pg_backup_start";
        backupMode.start(new BackupModeStart("b", false, true));

        BackupMode failed = awaitPhase(BackupMode.Phase.FAILED);

        assertThat(failed.error()).isEqualTo("cannot start backup mode: ERROR: boom");
        assertThat(sessions.get(0).closed).isTrue();
        assertThatThrownBy(() -> backupMode.stop("b"))
                .isInstanceOf(BackupModeSession.Refused.class)
                .satisfies(e -> assertThat(((BackupModeSession.Refused) e).refusal())
                        .isEqualTo(BackupModeSession.Refusal.BACKUP_FAILED));
    }

    @Test
    void abandoningABackupClosesItsSessionWhateverItsPhase() {
        backupMode.start(new BackupModeStart("b", false, true));
        awaitPhase(BackupMode.Phase.STARTED);

        assertThat(backupMode.abort("other").phase())
                .as("another backup's abort")
                .isEqualTo(BackupMode.Phase.STARTED);
        BackupMode abandoned = backupMode.abort("b");

        assertThat(abandoned.phase()).isEqualTo(BackupMode.Phase.FAILED);
        assertThat(abandoned.error()).isEqualTo("abandoned by the operator");
        assertThat(sessions.get(0).closed).isTrue();
    }

    @Test
    void stopsAreRefusedWithCloudNativePGsCodes() {
        assertRefused("b", BackupModeSession.Refusal.NO_ONGOING_BACKUP);
        backupMode.start(new BackupModeStart("b", false, true));
        awaitPhase(BackupMode.Phase.STARTED);
        assertRefused("other", BackupModeSession.Refusal.NOT_CURRENT_RUNNING_BACKUP);
    }

    @Test
    void slotNamesKeepOnlyLowercaseLettersDigitsAndUnderscores() {
        assertThat(BackupModeSession.slotName("Nightly.2026-11-25")).isEqualTo("nightly_2026_11_25");
        assertThat(BackupModeSession.slotName("x".repeat(80))).hasSize(63);
    }

    private void assertRefused(String name, BackupModeSession.Refusal refusal) {
        assertThatThrownBy(() -> backupMode.stop(name))
                .isInstanceOf(BackupModeSession.Refused.class)
                .satisfies(e ->
                        assertThat(((BackupModeSession.Refused) e).refusal()).isEqualTo(refusal));
    }

    private BackupMode awaitPhase(BackupMode.Phase phase) {
        await().atMost(Duration.ofSeconds(5)).until(() -> backupMode.current().phase() == phase);
        return backupMode.current();
    }

    /** A PostgreSQL session answering the backup functions. */
    private final class FakeSession implements PostgresSession {

        final List<String> queries = new ArrayList<>();
        volatile boolean closed;

        @Override
        public List<String> query(String sql) {
            queries.add(sql);
            if (failOn != null && sql.contains(failOn)) {
                throw new PostgresClient.PostgresException("ERROR: boom");
            }
            if (sql.contains("server_version_num")) {
                return List.of(Integer.toString(version));
            }
            if (sql.contains("pg_backup_start") || sql.contains("pg_start_backup")) {
                return List.of("0/2000028");
            }
            if (sql.contains("pg_backup_stop") || sql.contains("pg_stop_backup")) {
                return List.of("{\"lsn\" : \"0/2000100\", \"labelFile\" : \"" + LABEL.replace("\n", "\\n")
                        + "\", \"spcmapFile\" : \"\"}");
            }
            return List.of("");
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
