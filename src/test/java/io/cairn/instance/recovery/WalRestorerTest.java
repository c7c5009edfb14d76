package io.cairn.instance.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.backup.FakeBarman;
import io.cairn.instance.barman.BarmanCapabilities;
import io.cairn.instance.config.InstanceConfigReader;
import io.cairn.instance.process.CommandResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalRestorerTest {

    private static final String SOURCE = """
            {"bootstrap": {"recovery": {
               "barmanObjectStore": {"destinationPath": "s3://backups/origin", "endpointURL": "http://s3:9000",
                 "s3Credentials": {"accessKeyId": {"name": "src", "key": "id"},
                                   "secretAccessKey": {"name": "src", "key": "key"}}%s},
               "serverName": "origin", "settings": {"recovery_target_name": "before"}}}}""";
    private static final InstanceConfig RECOVERING = InstanceConfigReader.parse(SOURCE.formatted(""));
    private static final InstanceConfig PREFETCHING =
            InstanceConfigReader.parse(SOURCE.formatted(", \"wal\": {\"maxParallel\": 3}"));
    /** What InstanceEnvironment made of CAIRN_RECOVERY_AWS_ACCESS_KEY_ID and CAIRN_RECOVERY_AWS_SECRET_ACCESS_KEY. */
    private static final Map<String, String> CREDENTIALS =
            Map.of("AWS_ACCESS_KEY_ID", "source-key", "AWS_SECRET_ACCESS_KEY", "source-secret");

    @TempDir
    Path pgData;

    @TempDir
    Path runDir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @Test
    void restoresWithTheSourcesOptionsAndCredentialsFromPgdata() {
        FakeBarman barman = restoring(0, Set.of());
        int exit = restorer(RECOVERING, barman).restore("000000010000000000000004", "pg_wal/RECOVERYXLOG");
        assertThat(exit).isZero();
        assertThat(barman.calls())
                .extracting(FakeBarman.Call::command)
                .singleElement()
                .isEqualTo(List.of(
                        "barman-cloud-wal-restore",
                        "--endpoint-url",
                        "http://s3:9000",
                        "--cloud-provider",
                        "aws-s3",
                        "s3://backups/origin",
                        "origin",
                        "000000010000000000000004",
                        "pg_wal/RECOVERYXLOG"));
        assertThat(barman.calls().get(0).env()).containsExactlyInAnyOrderEntriesOf(CREDENTIALS);
        assertThat(barman.calls().get(0).workingDirectory()).isEqualTo(pgData);
    }

    @Test
    void aMissingFileIsNonZeroAndQuiet() {
        int exit = restorer(RECOVERING, restoring(1, Set.of())).restore("00000002.history", "pg_wal/RECOVERYHISTORY");
        assertThat(exit).isEqualTo(1);
        assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void otherFailuresAreLoggedAndNeverFatalForPostgres() {
        assertThat(restorer(RECOVERING, restoring(4, Set.of())).restore("000000010000000000000004", "p"))
                .isEqualTo(4);
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("exited with 4")
                .contains("403 Forbidden");
        // a timeout (-1) or a code PostgreSQL reads as fatal (> 125) becomes 1: the file is just not there
        assertThat(restorer(RECOVERING, restoring(-1, Set.of())).restore("000000010000000000000004", "p"))
                .isEqualTo(1);
        assertThat(restorer(RECOVERING, restoring(255, Set.of())).restore("000000010000000000000004", "p"))
                .isEqualTo(1);
    }

    @Test
    void withMaxParallelTheNextSegmentsAreSpooledAndServedWithoutBarman() throws IOException {
        Files.createDirectories(pgData.resolve("pg_wal"));
        // the archive ends at ...0100: the segment after it is not there
        FakeBarman barman = restoring(0, Set.of("000000010000000100000001"));
        WalRestorer restorer = restorer(PREFETCHING, barman);

        assertThat(restorer.restore("0000000100000000000000FF", "pg_wal/RECOVERYXLOG"))
                .isZero();
        assertThat(requested(barman))
                .containsExactlyInAnyOrder(
                        "0000000100000000000000FF", "000000010000000100000000", "000000010000000100000001");
        assertThat(Files.readString(pgData.resolve("pg_wal/RECOVERYXLOG"))).isEqualTo("0000000100000000000000FF");
        try (var spooled = Files.list(WalRestorer.spoolDirectory(runDir))) {
            assertThat(spooled.map(p -> p.getFileName().toString())).containsExactly("000000010000000100000000");
        }

        barman.forgetCalls();
        assertThat(restorer.restore("000000010000000100000000", "pg_wal/RECOVERYXLOG"))
                .isZero();
        assertThat(requested(barman)).isEmpty();
        assertThat(Files.readString(pgData.resolve("pg_wal/RECOVERYXLOG"))).isEqualTo("000000010000000100000000");
        assertThat(WalRestorer.spoolDirectory(runDir).resolve("000000010000000100000000"))
                .doesNotExist();

        // the missing segment is asked again when PostgreSQL wants it, and is still missing
        assertThat(restorer.restore("000000010000000100000001", "pg_wal/RECOVERYXLOG"))
                .isEqualTo(1);
        assertThat(requested(barman)).contains("000000010000000100000001");
    }

    @Test
    void historyFilesAreNeverPrefetched() {
        FakeBarman barman = restoring(0, Set.of());
        assertThat(restorer(PREFETCHING, barman).restore("00000002.history", "pg_wal/RECOVERYHISTORY"))
                .isZero();
        assertThat(requested(barman)).containsExactly("00000002.history");
    }

    @Test
    void aStandbyReadsItsOwnClustersArchiveWithThePodsOwnCredentials() {
        InstanceConfig standby = InstanceConfigReader.parse("""
                {"bootstrap": {"join": {"host": "cluster-example-rw"}},
                 "archive": {"barmanObjectStore": {"destinationPath": "s3://backups/own",
                   "endpointURL": "http://s3:9000",
                   "s3Credentials": {"accessKeyId": {"name": "own", "key": "id"},
                                     "secretAccessKey": {"name": "own", "key": "key"}}}}}""");
        FakeBarman barman = restoring(0, Set.of());

        assertThat(restorer(standby, barman).restore("000000010000000000000004", "pg_wal/RECOVERYXLOG"))
                .isZero();
        assertThat(barman.calls().get(0).command())
                .containsSubsequence("s3://backups/own", "cluster-example", "000000010000000000000004");
        assertThat(barman.calls().get(0).env())
                .as("no recovery variables: barman reads the pod's own AWS_* as wal-archive does")
                .isEmpty();
    }

    @Test
    void aStandbyWhoseArchiveIsRefusedRestoresNothing() {
        InstanceConfig refused = InstanceConfigReader.parse("""
                {"bootstrap": {"join": {"host": "cluster-example-rw"}},
                 "archive": {"barmanObjectStore": {"destinationPath": "s3://backups/own",
                   "s3Credentials": {"inheritFromIAMRole": true}},
                   "refusal": "no ambient identity here"}}""");
        FakeBarman barman = restoring(0, Set.of());

        assertThat(restorer(refused, barman).restore("000000010000000000000004", "p"))
                .isEqualTo(1);
        assertThat(barman.calls()).isEmpty();
    }

    @Test
    void withoutARecoverySourceNothingIsRestored() {
        InstanceConfig primary = InstanceConfigReader.parse("{\"bootstrap\": {\"initdb\": {}}}");
        FakeBarman barman = restoring(0, Set.of());
        assertThat(restorer(primary, barman).restore("000000010000000000000004", "p"))
                .isEqualTo(1);
        assertThat(barman.calls()).isEmpty();
    }

    @Test
    void segmentNamesFollowEachOtherAcrossLogFiles() {
        assertThat(WalSegmentName.following("0000000200000003000000FE", 3))
                .containsExactly("0000000200000003000000FF", "000000020000000400000000", "000000020000000400000001");
        assertThat(WalSegmentName.isSegment("000000010000000000000004")).isTrue();
        assertThat(WalSegmentName.isSegment("00000002.history")).isFalse();
        assertThat(WalSegmentName.isSegment("000000010000000000000004.00000028.backup"))
                .isFalse();
    }

    private WalRestorer restorer(InstanceConfig config, FakeBarman barman) {
        return new WalRestorer(
                config,
                "cluster-example",
                CREDENTIALS,
                pgData,
                WalRestorer.spoolDirectory(runDir),
                BarmanCapabilities.BARMAN_3_4,
                barman,
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    /** barman-cloud-wal-restore writing the WAL name into the destination when it succeeds; names in {@code missing} exit 1. */
    private static FakeBarman restoring(int exitCode, Set<String> missing) {
        return new FakeBarman().answer("barman-cloud-wal-restore", call -> {
            String walName = call.argumentFromEnd(1);
            if (missing.contains(walName)) {
                return new CommandResult(1, "", "");
            }
            if (exitCode == 0) {
                Path destination = call.workingDirectory().resolve(call.argumentFromEnd(0));
                try {
                    if (Files.isDirectory(destination.getParent())) {
                        Files.writeString(destination, walName);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return new CommandResult(exitCode, "", exitCode == 4 ? "ERROR: 403 Forbidden" : "");
        });
    }

    private static List<String> requested(FakeBarman barman) {
        return barman.calls().stream().map(call -> call.argumentFromEnd(1)).toList();
    }
}
