package io.cairn.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.local.objectstore.LocalObjectStore;
import io.cairn.testing.InstanceProcess;
import io.cairn.testing.KeptOnFailure;
import io.cairn.testing.LocalPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backup part of the instance API with real parts: the packaged binary as the user postgres, PostgreSQL 15,
 * barman-cloud 3.4 and S3Proxy. A primary and a streaming standby take real base backups; a backup held by an object
 * store that never answers shows idempotency, the one-at-a-time rule and what a restart does to a running backup.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceBackupIT {

    private static final String BUCKET = "backups";
    private static final String SERVER = "bk-cluster";

    private Path work;
    private LocalObjectStore store;
    private BlackHole blackHole;
    private InstancePod primary;
    private InstancePod standby;
    private final List<InstanceProcess> processes = new ArrayList<>();

    /** Keeps the work directory (PGDATAs, logs) only when a step failed, for its logs. */
    @RegisterExtension
    final KeptOnFailure workDirectory = new KeptOnFailure("backup IT");

    @BeforeAll
    void startPrimary() throws IOException {
        LocalPostgres.requireInstalled();
        work = LocalPostgres.ownedDirectory(Files.createTempDirectory("cairn-backup-it-"));
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Path.of(System.getProperty("cairn.local.s3proxy-jar", "target/local/s3proxy.jar"));
        store = LocalObjectStore.start(jar, Files.createDirectories(work.resolve("s3")), BUCKET);
        blackHole = new BlackHole();
        System.out.printf("[backup IT] work directory %s, S3Proxy at %s%n", work, store.endpointUrl());

        primary = InstancePod.create("bk-cluster-1", SERVER, work.resolve("primary"), """
                {"bootstrap": {"initdb": {"database": "app", "owner": "app"}},
                 "postgresql": {"parameters": {"shared_buffers": "32MB", "max_connections": "30"}},
                 "archive": {"barmanObjectStore": %s, "serverName": "%s"},
                 "archiveTimeout": "5min",
                 "replication": {"passwordFile": "%%s"},
                 "smartShutdownTimeout": 10}
                """.formatted(
                        storeJson(store.endpointUrl(), null), SERVER));
        start(primary, store.secretAccessKey());
        LocalPostgres.psql(
                primary.runDir(),
                "app",
                "CREATE TABLE items AS SELECT g AS id, md5(g::text) AS note " + "FROM generate_series(1, 5000) g");
    }

    @AfterAll
    void stopEverything() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        if (blackHole != null) {
            blackHole.close();
        }
        if (store != null) {
            store.close();
        }
        workDirectory.cleanUp(work);
    }

    @Test
    @Order(10)
    void aBackupOfThePrimaryCompletesWithEverythingBarmanKnowsAndItsObjectsInTheBucket() {
        String request = backupRequest(
                "primary-1",
                "backup-20261125100000",
                storeJson(
                        store.endpointUrl(),
                        "{\"compression\": \"bzip2\", \"immediateCheckpoint\": true, \"jobs\": 1}"),
                "30d");
        HttpResponse<String> started = primary.send("POST", "/pg/backups", request);
        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(InstancePod.json(started).path("phase").asText()).isEqualTo("RUNNING");

        JsonNode job = primary.finishedJob("primary-1");
        assertThat(job.path("phase").asText()).as(job.toPrettyString()).isEqualTo("COMPLETED");
        assertThat(job.path("sessionId").asText())
                .isEqualTo(primary.process.status().path("sessionId").asText());
        assertThat(job.path("error").isNull()).isTrue();
        assertThat(job.path("finishedAt").asText()).isNotEmpty();
        JsonNode backup = job.path("backup");
        String backupId = backup.path("backupId").asText();
        assertThat(backupId).matches("\\d{8}T\\d{6}");
        assertThat(backup.path("backupName").asText()).isEqualTo("backup-20261125100000");
        assertThat(backup.path("status").asText()).isEqualTo("DONE");
        assertThat(backup.path("beginTime").asText())
                .startsWith(backupId.substring(0, 4) + "-")
                .endsWith("Z");
        assertThat(backup.path("endTime").asText()).endsWith("Z");
        assertThat(backup.path("beginWal").asText()).matches("[0-9A-F]{24}");
        assertThat(backup.path("endWal").asText()).matches("[0-9A-F]{24}");
        assertThat(backup.path("beginLsn").asText()).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(backup.path("endLsn").asText()).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(backup.path("timeline").asInt()).isEqualTo(1);
        assertThat(backup.path("version").asInt()).isBetween(150000, 159999);
        assertThat(backup.path("compression").asText()).isEqualTo("bzip2");
        assertThat(backup.path("size").isNull())
                .as("barman-cloud 3.4 reports no size")
                .isTrue();

        assertThat(store.listKeys(BUCKET, "bk/" + SERVER + "/base/" + backupId + "/"))
                .containsExactlyInAnyOrder(
                        "bk/" + SERVER + "/base/" + backupId + "/backup.info",
                        "bk/" + SERVER + "/base/" + backupId + "/data.tar.bz2");
        assertThat(InstancePod.catalogIds(job)).containsExactly(backupId);
        assertThat(job.path("retention").path("policy").asText()).isEqualTo("30d");
        assertThat(job.path("retention").path("removedBackupIds")).isEmpty();
        assertThat(job.path("retention").path("error").isNull()).isTrue();
        assertThat(primary.process.get("/metrics").body())
                .contains("cairn_instance_backups_total{result=\"completed\"} 1", "cairn_instance_backup_running 0");
    }

    @Test
    @Order(20)
    void retentionRemovesBackupsOlderThanTheWindow() throws Exception {
        // Two backups from 2020, made by copying the real one in S3Proxy's filesystem with older IDs and times.
        Path base = work.resolve("s3/data").resolve(BUCKET).resolve("bk/" + SERVER + "/base");
        Path real;
        try (var dirs = Files.list(base)) {
            real = dirs.findFirst().orElseThrow();
        }
        for (String id : List.of("20200101T000000", "20200102T000000")) {
            Path copy = base.resolve(id);
            run("cp", "-a", real.toString(), copy.toString());
            String day = id.substring(0, 4) + "-" + id.substring(4, 6) + "-" + id.substring(6, 8);
            Path info = copy.resolve("backup.info");
            // a new file, as `sed -i` makes: S3Proxy's extended attributes describe the old content
            Path rewritten = copy.resolve("backup.info.new");
            Files.writeString(
                    rewritten,
                    Files.readString(info)
                            .replaceAll("(?m)^begin_time=.*$", "begin_time=" + day + " 00:00:00.000000+00:00")
                            .replaceAll("(?m)^end_time=.*$", "end_time=" + day + " 00:00:05.000000+00:00")
                            .replaceAll("(?m)^backup_name=.*$", "backup_name=old-" + id));
            Files.move(rewritten, info, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        primary.send(
                "POST",
                "/pg/backups",
                backupRequest(
                        "primary-2",
                        "backup-20261125110000",
                        storeJson(store.endpointUrl(), "{\"immediateCheckpoint\": true}"),
                        "7d"));
        JsonNode job = primary.finishedJob("primary-2");
        assertThat(job.path("phase").asText()).as(job.toPrettyString()).isEqualTo("COMPLETED");
        // barman keeps the newest backup older than the window: recovery to the window's start needs it.
        assertThat(job.path("retention").path("removedBackupIds"))
                .extracting(JsonNode::asText)
                .containsExactly("20200101T000000");
        assertThat(InstancePod.catalogIds(job))
                .contains("20200102T000000", job.path("backup").path("backupId").asText())
                .doesNotContain("20200101T000000");
        assertThat(base.resolve("20200101T000000")).doesNotExist();
    }

    @Test
    @Order(30)
    void walSwitchOnThePrimaryNamesTheClosedSegmentWhichIsArchived() {
        LocalPostgres.psql(primary.runDir(), "app", "INSERT INTO items VALUES (100001, 'before the switch')");
        HttpResponse<String> response = primary.send("POST", "/pg/wal-switch", "{\"checkpoint\": true}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = InstancePod.json(response);
        String segment = result.path("walFile").asText();
        assertThat(segment).matches("[0-9A-F]{24}");
        assertThat(result.path("switched").asBoolean()).isTrue();
        assertThat(result.path("lsn").asText()).matches("[0-9A-F]+/[0-9A-F]+");
        await().atMost(InstancePod.BACKUP)
                .untilAsserted(() -> assertThat(store.listKeys(BUCKET, "bk/" + SERVER + "/wals/"))
                        .contains("bk/" + SERVER + "/wals/" + segment.substring(0, 16) + "/" + segment));
    }

    @Test
    @Order(40)
    void backupTimesAreExportedOnThePrimary() {
        assertThat(primary.send("PUT", "/pg/backup-times", """
                {"firstRecoverabilityPoint": "2026-11-20T10:00:05Z", "lastSuccessfulBackup": "2026-11-25T10:00:07Z",
                 "lastFailedBackup": null}""").statusCode()).isEqualTo(204);
        assertThat(primary.process.get("/metrics").body())
                .contains(
                        "cnpg_collector_first_recoverability_point 1795168805\n",
                        "cnpg_collector_last_available_backup_timestamp 1795600807\n",
                        "cnpg_collector_last_failed_backup_timestamp 0\n");
    }

    @Test
    @Order(50)
    void aStandbyBacksUpToo() throws IOException {
        standby = InstancePod.create("bk-cluster-2", SERVER, work.resolve("standby"), """
                {"bootstrap": {"join": {"host": "%s", "port": 5432}},
                 "archive": {"barmanObjectStore": %s, "serverName": "%s"},
                 "replication": {"passwordFile": "%%s"},
                 "smartShutdownTimeout": 10}
                """.formatted(
                        primary.ip, storeJson(store.endpointUrl(), null), SERVER));
        start(standby, store.secretAccessKey());
        assertThat(standby.process.status().path("role").asText()).isEqualTo("replica");

        standby.send(
                "POST",
                "/pg/backups",
                backupRequest(
                        "standby-1",
                        "backup-20261125120000",
                        storeJson(store.endpointUrl(), "{\"immediateCheckpoint\": true}"),
                        null));
        JsonNode job = standby.finishedJob("standby-1");
        assertThat(job.path("phase").asText()).as(job.toPrettyString()).isEqualTo("COMPLETED");
        assertThat(job.path("backup").path("status").asText()).isEqualTo("DONE");
        assertThat(job.path("backup").path("endWal").asText()).matches("[0-9A-F]{24}");
        assertThat(InstancePod.catalogIds(job))
                .contains(job.path("backup").path("backupId").asText());
        assertThat(job.path("retention").isNull()).isTrue();

        HttpResponse<String> walSwitch = standby.send("POST", "/pg/wal-switch", "{\"checkpoint\": false}");
        assertThat(walSwitch.statusCode()).isEqualTo(409);
        assertThat(InstancePod.json(walSwitch).path("code").asText()).isEqualTo("NOT_PRIMARY");
        assertThat(standby.send("PUT", "/pg/backup-times", "{\"lastSuccessfulBackup\": \"2026-11-25T10:00:07Z\"}")
                        .statusCode())
                .isEqualTo(204);
        assertThat(standby.process.get("/metrics").body())
                .as("CloudNativePG exports them on the primary only")
                .doesNotContain("cnpg_collector_last_available_backup_timestamp");
    }

    @Test
    @Order(52)
    void backupModeOnTheStandbyHoldsATemporarySlotUntilPgBackupStopReturnsTheLabel() {
        HttpResponse<String> started = standby.send(
                "POST",
                "/pg/backup-mode",
                "{\"backupName\": \"snap-hot\", \"immediateCheckpoint\": true, \"waitForArchive\": true}");
        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(InstancePod.json(started).path("phase").asText()).isEqualTo("STARTING");
        JsonNode inBackup = awaitBackupMode(standby, "STARTED");
        assertThat(inBackup.path("beginLSN").asText()).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(LocalPostgres.psql(
                        standby.runDir(), "postgres", "SELECT slot_name FROM pg_replication_slots WHERE temporary"))
                .isEqualTo("snap_hot");
        assertThat(standby.send("PUT", "/pg/backup-mode", "{\"backupName\": \"other\"}")
                        .statusCode())
                .as("NOT_CURRENT_RUNNING_BACKUP")
                .isEqualTo(422);

        assertThat(standby.send("PUT", "/pg/backup-mode", "{\"backupName\": \"snap-hot\"}")
                        .statusCode())
                .isEqualTo(200);
        JsonNode completed = awaitBackupMode(standby, "COMPLETED");

        assertThat(completed.path("endLSN").asText()).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(new String(java.util.Base64.getDecoder()
                        .decode(completed.path("backupLabelFile").asText())))
                .contains(
                        "START WAL LOCATION: " + inBackup.path("beginLSN").asText(),
                        "LABEL: snap-hot",
                        "BACKUP FROM: standby");
        assertThat(LocalPostgres.psql(
                        standby.runDir(), "postgres", "SELECT count(*) FROM pg_replication_slots WHERE temporary"))
                .as("the session and its slot are gone")
                .isEqualTo("0");
    }

    @Test
    @Order(54)
    void aFencedStandbyStopsPostgresCleanlyStaysUpNotReadyAndStartsAgainWhenUnfenced() {
        JsonNode fenced = InstancePod.json(standby.send("PUT", "/pg/fencing", "{\"fenced\": true}"));
        assertThat(fenced.path("fenced").asBoolean()).isTrue();
        await().atMost(InstancePod.STARTUP)
                .until(() -> !InstancePod.json(standby.send("PUT", "/pg/fencing", "{\"fenced\": true}"))
                        .path("postgresRunning")
                        .asBoolean());
        assertThat(standby.process.statusCode("/readyz")).isEqualTo(503);
        assertThat(standby.process.statusCode("/healthz")).as("the pod stays").isEqualTo(200);
        String controlData = InstancePod.json(standby.send("GET", "/pg/controldata", null))
                .path("output")
                .asText();
        assertThat(controlData)
                .contains(
                        "Database cluster state:               shut down in recovery",
                        "Latest checkpoint's REDO WAL file:");

        assertThat(InstancePod.json(standby.send("PUT", "/pg/fencing", "{\"fenced\": false}"))
                        .path("fenced")
                        .asBoolean())
                .isFalse();
        await().atMost(InstancePod.STARTUP).until(() -> standby.process.statusCode("/readyz") == 200);
        assertThat(standby.process.status().path("role").asText()).isEqualTo("replica");
    }

    @Test
    @Order(60)
    void aBackupHeldByTheStoreIsIdempotentExclusiveAndEndsWithTheInstanceManager() throws InterruptedException {
        String request = backupRequest("held-1", "backup-20261125130000", storeJson(blackHole.url(), null), null);
        assertThat(standby.send("POST", "/pg/backups", request).statusCode()).isEqualTo(202);
        await().atMost(InstancePod.STARTUP).until(() -> barmanRunning("backup-20261125130000"));

        HttpResponse<String> again = standby.send("POST", "/pg/backups", request);
        assertThat(again.statusCode()).as("the same backupName: the same job").isEqualTo(200);
        assertThat(InstancePod.json(again).path("phase").asText()).isEqualTo("RUNNING");
        HttpResponse<String> other = standby.send(
                "POST",
                "/pg/backups",
                backupRequest("held-2", "backup-20261125130001", storeJson(store.endpointUrl(), null), null));
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(InstancePod.json(other).path("code").asText()).isEqualTo("ANOTHER_BACKUP_IN_PROGRESS");
        assertThat(standby.process.get("/metrics").body()).contains("cairn_instance_backup_running 1");

        String session = standby.process.status().path("sessionId").asText();
        assertThat(standby.process.terminate(Duration.ofSeconds(60)))
                .as("the instance manager exits")
                .isTrue();
        assertThat(barmanRunning("backup-20261125130000"))
                .as("barman was killed with it")
                .isFalse();

        start(standby, "not-the-secret");
        assertThat(standby.process.status().path("sessionId").asText())
                .isNotEqualTo(session)
                .isNotEmpty();
        assertThat(standby.send("GET", "/pg/backups/held-1", null).statusCode())
                .as("a new session knows nothing of the old one's backups")
                .isEqualTo(404);
    }

    @Test
    @Order(70)
    void withWrongCredentialsTheBackupFailsWithBarmansMessage() {
        standby.send(
                "POST",
                "/pg/backups",
                backupRequest("standby-wrong", "backup-20261125140000", storeJson(store.endpointUrl(), null), "30d"));
        JsonNode job = standby.finishedJob("standby-wrong");
        assertThat(job.path("phase").asText()).isEqualTo("FAILED");
        assertThat(job.path("error").asText()).contains("(403)", "HeadBucket", "Forbidden");
        assertThat(job.path("backup").isNull()).isTrue();
        assertThat(job.path("catalog").isNull()).isTrue();
        assertThat(job.path("catalogError").asText()).contains("403");
        assertThat(job.path("retention").path("error").asText()).contains("403");
        assertThat(standby.process.get("/metrics").body())
                .contains("cairn_instance_backups_total{result=\"failed\"} 1");
    }

    private static JsonNode awaitBackupMode(InstancePod pod, String phase) {
        await().atMost(InstancePod.BACKUP)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> InstancePod.json(pod.send("GET", "/pg/backup-mode", null))
                        .path("phase")
                        .asText()
                        .equals(phase));
        return InstancePod.json(pod.send("GET", "/pg/backup-mode", null));
    }

    private static boolean barmanRunning(String barmanName) {
        return ProcessHandle.allProcesses()
                .anyMatch(process -> process.info()
                        .commandLine()
                        .map(line -> line.contains("barman-cloud-backup") && line.contains(barmanName))
                        .orElse(false));
    }

    private static String backupRequest(String backupName, String barmanName, String storeJson, String policy) {
        return """
                {"backupName": "%s", "barmanName": "%s", "barmanObjectStore": %s, "serverName": "%s",
                 "retentionPolicy": %s}""".formatted(backupName, barmanName, storeJson, SERVER, policy == null ? "null" : "\"" + policy + "\"");
    }

    private static String storeJson(String endpoint, String data) {
        return """
                {"destinationPath": "s3://%s/bk", "endpointURL": "%s",
                 "s3Credentials": {"accessKeyId": {"name": "s3", "key": "id"},
                                   "secretAccessKey": {"name": "s3", "key": "secret"}}%s}""".formatted(BUCKET, endpoint, data == null ? "" : ", \"data\": " + data);
    }

    private void start(InstancePod pod, String secret) {
        Map<String, String> env = new HashMap<>(store.awsEnvironment());
        env.put("AWS_SECRET_ACCESS_KEY", secret);
        pod.start(env, processes);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor())
                .as(String.join(" ", command) + ": " + output)
                .isZero();
    }

    /** An "object store" that accepts connections and never answers: barman waits on it (read timeout 60 s). */
    private static final class BlackHole implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        BlackHole() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                held.add(server.accept());
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "black-hole");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public void close() {
            try {
                server.close();
                for (Socket socket : held) {
                    socket.close();
                }
            } catch (IOException e) {
                // test teardown
            }
        }
    }
}
