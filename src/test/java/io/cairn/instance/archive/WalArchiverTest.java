package io.cairn.instance.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.instance.api.ArchiveResult;
import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.backup.FakeBarman;
import io.cairn.instance.barman.BarmanCapabilities;
import io.cairn.instance.config.InstanceConfigReader;
import io.cairn.instance.config.InstanceEnvironment;
import io.cairn.instance.postgres.DataDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalArchiverTest {

    @TempDir
    Path pgData;

    private final Set<String> archived = ConcurrentHashMap.newKeySet();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private volatile boolean archiveNotEmpty;
    /** barman-cloud: archives, fails the WAL files in {@code failing}, answers the emptiness check. */
    private final FakeBarman barman = new FakeBarman()
            .answer(
                    "barman-cloud-check-wal-archive",
                    call -> archiveNotEmpty
                            ? FakeBarman.failed(
                                    1,
                                    "2026-11-25 12:00:00,000 [1] ERROR: WAL archive check failed for "
                                            + "server c: Expected empty archive\n")
                            : FakeBarman.ok(""))
            .answer("barman-cloud-wal-archive", call -> {
                String wal = Path.of(call.argumentFromEnd(0)).getFileName().toString();
                if (failing.contains(wal)) {
                    return FakeBarman.failed(
                            4,
                            "2026-11-25 12:00:00,000 [1] ERROR: Barman cloud WAL archiver "
                                    + "exception: An error occurred (403) when calling the HeadBucket operation: Forbidden\n");
                }
                archived.add(wal);
                return FakeBarman.ok("");
            });

    private final List<ArchiveResult> reported = Collections.synchronizedList(new ArrayList<>());
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void walDirectory() throws IOException {
        Files.createDirectories(pgData.resolve("pg_wal/archive_status"));
    }

    @Test
    void archivesTheRequestedFile() {
        ready("000000010000000000000001");
        assertThat(archiver(config(1)).archive("pg_wal/000000010000000000000001"))
                .isZero();
        assertThat(archived).containsExactly("000000010000000000000001");
        assertThat(reported).singleElement().satisfies(r -> {
            assertThat(r.success()).isTrue();
            assertThat(r.requested()).isTrue();
        });
        // PostgreSQL itself renames the requested file's .ready once the command exits 0
        assertThat(status("000000010000000000000001.ready")).exists();
    }

    @Test
    void archivesAheadInParallelAndMarksThoseDone() {
        for (int i = 1; i <= 5; i++) {
            ready("00000001000000000000000" + i);
        }
        assertThat(archiver(config(3)).archive("pg_wal/000000010000000000000002"))
                .isZero();
        assertThat(archived)
                .containsExactlyInAnyOrder(
                        "000000010000000000000002", "000000010000000000000001", "000000010000000000000003");
        assertThat(status("000000010000000000000001.done")).exists();
        assertThat(status("000000010000000000000001.ready")).doesNotExist();
        assertThat(status("000000010000000000000003.done")).exists();
        assertThat(status("000000010000000000000004.ready")).exists();
        assertThat(status("000000010000000000000002.ready")).exists();
        assertThat(reported)
                .hasSize(3)
                .filteredOn(ArchiveResult::requested)
                .singleElement()
                .extracting(ArchiveResult::walName)
                .isEqualTo("000000010000000000000002");
    }

    @Test
    void aFailedParallelFileStaysReadyAndDoesNotChangeTheExitCode() {
        ready("000000010000000000000001");
        ready("000000010000000000000002");
        failing.add("000000010000000000000002");
        assertThat(archiver(config(2)).archive("pg_wal/000000010000000000000001"))
                .isZero();
        assertThat(status("000000010000000000000002.ready")).exists();
        assertThat(status("000000010000000000000002.done")).doesNotExist();
        assertThat(reported).filteredOn(r -> !r.success()).singleElement().satisfies(r -> {
            assertThat(r.requested()).isFalse();
            assertThat(r.message()).contains("exited with 4").contains("403");
        });
    }

    @Test
    void aFailureOfTheRequestedFileFailsTheCommandWithBarmansMessage() {
        ready("000000010000000000000001");
        failing.add("000000010000000000000001");
        assertThat(archiver(config(1)).archive("pg_wal/000000010000000000000001"))
                .isEqualTo(WalArchiver.FAILED);
        assertThat(reported).singleElement().satisfies(r -> {
            assertThat(r.success()).isFalse();
            assertThat(r.message()).contains("HeadBucket operation: Forbidden");
        });
        assertThat(log.toString()).contains("FAILED");
    }

    @Test
    void aNewClusterFirstChecksTheArchiveIsEmptyOnlyUntilTheFirstSuccess() {
        new DataDirectory(pgData).create(DataDirectory.CHECK_EMPTY_WAL_ARCHIVE);
        ready("000000010000000000000001");
        assertThat(archiver(config(1)).archive("pg_wal/000000010000000000000001"))
                .isZero();
        assertThat(barman.calls("barman-cloud-check-wal-archive")).hasSize(1);
        assertThat(new DataDirectory(pgData).has(DataDirectory.CHECK_EMPTY_WAL_ARCHIVE))
                .isFalse();
        archiver(config(1)).archive("pg_wal/000000010000000000000002");
        assertThat(barman.calls("barman-cloud-check-wal-archive")).hasSize(1);
    }

    @Test
    void aNonEmptyArchiveIsRefusedForANewCluster() {
        new DataDirectory(pgData).create(DataDirectory.CHECK_EMPTY_WAL_ARCHIVE);
        archiveNotEmpty = true;
        assertThat(archiver(config(1)).archive("pg_wal/000000010000000000000001"))
                .isEqualTo(WalArchiver.FAILED);
        assertThat(archived).isEmpty();
        assertThat(reported)
                .singleElement()
                .extracting(ArchiveResult::message)
                .asString()
                .startsWith("Refusing to archive: the WAL archive s3://backups/c (server c) already holds WAL")
                .contains("Expected empty archive");
        assertThat(new DataDirectory(pgData).has(DataDirectory.CHECK_EMPTY_WAL_ARCHIVE))
                .isTrue();
    }

    @Test
    void theCheckCanBeSkipped() {
        new DataDirectory(pgData).create(DataDirectory.CHECK_EMPTY_WAL_ARCHIVE);
        archiveNotEmpty = true;
        InstanceConfig config = InstanceConfigReader.parse("""
                {"bootstrap": {"join": {"host": "h"}},
                 "archive": {"barmanObjectStore": {"destinationPath": "s3://backups/c"},
                             "skipEmptyWalArchiveCheck": true}}""");
        assertThat(archiver(config).archive("pg_wal/000000010000000000000001")).isZero();
        assertThat(barman.calls("barman-cloud-check-wal-archive")).isEmpty();
    }

    @Test
    void withoutAnArchiveNothingRunsAndPostgresMayRecycleTheFile() {
        InstanceConfig config = InstanceConfigReader.parse("{\"bootstrap\": {\"join\": {\"host\": \"h\"}}}");
        assertThat(archiver(config).archive("pg_wal/000000010000000000000001")).isZero();
        assertThat(archived).isEmpty();
        assertThat(reported).isEmpty();
    }

    @Test
    void aConfigurationBarmanCannotRunIsReportedAsAFailure() {
        InstanceConfig config = InstanceConfigReader.parse("""
                {"bootstrap": {"join": {"host": "h"}},
                 "archive": {"barmanObjectStore": {"destinationPath": "s3://b", "wal": {"compression": "zstd"}}}}""");
        assertThat(archiver(config).archive("pg_wal/000000010000000000000001")).isEqualTo(WalArchiver.FAILED);
        assertThat(reported)
                .singleElement()
                .extracting(ArchiveResult::message)
                .asString()
                .contains("zstd");
    }

    @Test
    void aRefusedArchiveFailsEveryAttemptAtOnceWithTheOperatorsReasonAndRunsNothing() {
        new DataDirectory(pgData).create(DataDirectory.CHECK_EMPTY_WAL_ARCHIVE);
        ready("000000010000000000000001");
        ready("000000010000000000000002");
        InstanceConfig config = InstanceConfigReader.parse("""
                {"bootstrap": {"join": {"host": "h"}},
                 "archive": {"barmanObjectStore": {"destinationPath": "gs://backups/c",
                                                   "googleCredentials": {"gkeEnvironment": true},
                                                   "wal": {"maxParallel": 2}},
                             "refusal": "googleCredentials.gkeEnvironment takes the identity of the cloud"}}""");
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThat(archiver(config).archive("pg_wal/000000010000000000000001"))
                    .isEqualTo(WalArchiver.FAILED);
        }
        assertThat(archived).isEmpty();
        assertThat(barman.calls())
                .as("no barman command, not even the empty-archive check")
                .isEmpty();
        assertThat(reported).hasSize(2).allSatisfy(result -> {
            assertThat(result.success()).isFalse();
            assertThat(result.walName()).isEqualTo("000000010000000000000001");
            assertThat(result.message())
                    .isEqualTo("Refusing to archive: googleCredentials.gkeEnvironment takes the identity of the cloud");
        });
        assertThat(status("000000010000000000000002.ready"))
                .as("not archived ahead")
                .exists();
    }

    private WalArchiver archiver(InstanceConfig config) {
        InstanceEnvironment env = InstanceEnvironment.from(Map.of(
                "POD_NAME",
                "c-1",
                "POD_IP",
                "127.0.0.9",
                "NAMESPACE",
                "default",
                "CLUSTER_NAME",
                "c",
                "PGDATA",
                pgData.toString(),
                "CAIRN_INSTANCE_CONFIG",
                "/unused"));
        return new WalArchiver(
                env,
                config,
                BarmanCapabilities.BARMAN_3_4,
                barman,
                reported::addAll,
                Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC),
                new PrintStream(log, true));
    }

    private static InstanceConfig config(int maxParallel) {
        return InstanceConfigReader.parse("""
                {"bootstrap": {"join": {"host": "h"}},
                 "archive": {"barmanObjectStore": {"destinationPath": "s3://backups/c",
                   "s3Credentials": {"accessKeyId": {"name": "s", "key": "a"},
                                     "secretAccessKey": {"name": "s", "key": "b"}},
                   "wal": {"maxParallel": %d}}}}""".formatted(maxParallel));
    }

    private void ready(String wal) {
        try {
            Files.writeString(pgData.resolve("pg_wal").resolve(wal), "wal");
            Files.writeString(status(wal + ".ready"), "");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path status(String name) {
        return pgData.resolve("pg_wal/archive_status").resolve(name);
    }
}
