package io.cairn.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.local.objectstore.LocalObjectStore;
import io.cairn.testing.InstanceProcess;
import io.cairn.testing.KeptOnFailure;
import io.cairn.testing.LocalPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The instance manager with real parts and no Kubernetes: the packaged binary runs {@code cairn instance run} as the
 * user postgres with a pod's environment, PostgreSQL 15 from Debian, barman-cloud 3.4 and S3Proxy
 * ({@link LocalObjectStore}). The steps build on each other: a primary, its WAL in the bucket, archiving with wrong
 * and then right credentials, a streaming standby, and a clean stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceManagerIT {

    private static final String BUCKET = "backups";
    private static final String SERVER = "it-cluster";
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration ARCHIVING = Duration.ofSeconds(120);

    private Path work;
    private LocalObjectStore store;
    private Primary primary;
    private InstanceProcess standby;
    private String standbyIp;
    private final List<InstanceProcess> processes = new ArrayList<>();

    /** Keeps the work directory (PGDATAs, logs) only when a step failed, for its logs. */
    @RegisterExtension
    final KeptOnFailure workDirectory = new KeptOnFailure("instance IT");

    /** The primary pod's fixed parts. */
    private record Primary(String ip, Path pgData, Path runDir, Path config) {}

    @BeforeAll
    void startObjectStore() throws IOException {
        LocalPostgres.requireInstalled();
        work = LocalPostgres.ownedDirectory(Files.createTempDirectory("cairn-instance-it-"));
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Path.of(System.getProperty("cairn.local.s3proxy-jar", "target/local/s3proxy.jar"));
        store = LocalObjectStore.start(jar, Files.createDirectories(work.resolve("s3")), BUCKET);
        System.out.printf("[instance IT] work directory %s, S3Proxy at %s%n", work, store.endpointUrl());
    }

    @AfterAll
    void stopEverything() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        if (store != null) {
            store.close();
        }
        workDirectory.cleanUp(work);
    }

    @Test
    @Order(10)
    void aPrimaryBootstrapsWithInitdbAndBecomesReady() throws IOException {
        String ip = LocalPostgres.freePodIp();
        Path pod = LocalPostgres.ownedDirectory(work.resolve("primary"));
        LocalPostgres.secretFile(pod.resolve("replication-password"), "repl-secret");
        Path config = writeConfig(
                pod, """
                {"bootstrap": {"initdb": {"database": "app", "owner": "app", "dataChecksums": true}},
                 "postgresql": {"parameters": {"shared_buffers": "32MB", "max_connections": "30"}},
                 "archive": {"barmanObjectStore": {
                     "destinationPath": "s3://%s/it", "endpointURL": "%s",
                     "s3Credentials": {"accessKeyId": {"name": "s3", "key": "id"},
                                       "secretAccessKey": {"name": "s3", "key": "secret"}},
                     "wal": {"maxParallel": 2}},
                   "serverName": "%s"},
                 "archiveTimeout": "5min",
                 "replication": {"passwordFile": "%s"},
                 "smartShutdownTimeout": 10}
                """.formatted(BUCKET, store.endpointUrl(), SERVER, pod.resolve("replication-password")));
        primary = new Primary(ip, pod.resolve("pgdata"), pod.resolve("run"), config);

        InstanceProcess instance = startPrimary(store.secretAccessKey());
        await().atMost(STARTUP).until(() -> instance.statusCode("/readyz") == 200);
        assertThat(instance.statusCode("/healthz")).isEqualTo(200);
        assertThat(Files.readString(primary.pgData().resolve("postgresql.conf")))
                .contains("listen_addresses = '" + ip + "'")
                .contains("archive_command = '")
                .contains("wal-archive %p'");
        assertThat(Files.readString(primary.pgData().resolve("custom.conf"))).contains("shared_buffers = '32MB'");
        JsonNode status = instance.status();
        assertThat(status.path("role").asText()).isEqualTo("primary");
        assertThat(status.path("ready").asBoolean()).isTrue();
        assertThat(status.path("timeline").asInt()).isEqualTo(1);
        assertThat(status.path("currentLsn").asText()).matches("[0-9A-F]+/[0-9A-F]+");
        // /readyz only says PostgreSQL accepts connections; the roles and the database follow right after.
        await().atMost(STARTUP)
                .until(() -> psql(
                                primary,
                                "postgres",
                                "SELECT (SELECT count(*) FROM pg_roles WHERE rolname IN ('app', 'streaming_replica'))"
                                        + " + (SELECT count(*) FROM pg_database WHERE datname = 'app')")
                        .equals("3"));
    }

    @Test
    @Order(20)
    void writtenRowsReachTheBucketAsWalSegments() {
        InstanceProcess instance = processes.get(processes.size() - 1);
        psql(primary, "app", "CREATE TABLE items(id int PRIMARY KEY, note text)");
        psql(primary, "app", "INSERT INTO items SELECT g, md5(g::text) FROM generate_series(1, 1000) g");
        String segment = switchWal();

        await().atMost(ARCHIVING).untilAsserted(() -> assertThat(walKeys()).contains(walKey(segment)));
        await().atMost(ARCHIVING).untilAsserted(() -> {
            JsonNode status = instance.status();
            assertThat(status.path("archiver").path("archivedCount").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(status.path("archiver").path("lastArchivedWal").isTextual())
                    .isTrue();
            assertThat(status.path("lastArchive").path("success").asBoolean()).isTrue();
        });
        String metrics = instance.get("/metrics").body();
        assertThat(metrics)
                .containsPattern("(?m)^cnpg_pg_stat_archiver_archived_count [1-9]")
                .contains(
                        "cnpg_pg_stat_archiver_last_archived_time ",
                        "cnpg_collector_pg_wal{value=\"count\"}",
                        "cnpg_collector_pg_wal_archive_status{value=\"done\"}",
                        "cnpg_collector_up 1");
        // the new cluster's archive was checked to be empty before its first WAL, and the check is done with
        assertThat(primary.pgData().resolve(".check-empty-wal-archive")).doesNotExist();
    }

    @Test
    @Order(25)
    void postgresKilledIsStartedAgain() {
        InstanceProcess instance = processes.get(processes.size() - 1);
        long pid = instance.status().path("postgres").path("pid").asLong();
        assertThat(pid).isPositive();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(STARTUP).untilAsserted(() -> {
            JsonNode status = instance.status();
            assertThat(status.path("postgres").path("restarts").asInt()).isEqualTo(1);
            assertThat(status.path("postgres").path("pid").asLong()).isNotEqualTo(pid);
            assertThat(status.path("ready").asBoolean()).isTrue();
        });
        assertThat(psql(primary, "app", "SELECT count(*) FROM items")).isEqualTo("1000");
        assertThat(instance.get("/metrics").body()).contains("cairn_instance_postgres_restarts_total 1");
    }

    @Test
    @Order(30)
    void withWrongCredentialsArchivingFailsVisiblyAndOnceFixedNoWalIsLost() {
        restartPrimary("not-the-secret");
        InstanceProcess wrong = processes.get(processes.size() - 1);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            psql(
                    primary,
                    "app",
                    "INSERT INTO items SELECT g, 'while failing' FROM generate_series(" + (2000 + i * 100) + ", "
                            + (2099 + i * 100) + ") g");
            written.add(switchWal());
        }
        await().atMost(ARCHIVING).untilAsserted(() -> {
            JsonNode status = wrong.status();
            assertThat(status.path("lastArchive").path("success").asBoolean()).isFalse();
            assertThat(status.path("lastArchive").path("message").asText()).contains("403");
            assertThat(status.path("archiver").path("failedCount").asLong()).isGreaterThan(0);
        });
        assertThat(wrong.get("/metrics").body())
                .containsPattern("(?m)^cnpg_pg_stat_archiver_failed_count [1-9]")
                .contains("cairn_instance_wal_archive_last_result 0");
        assertThat(walKeys())
                .doesNotContainAnyElementsOf(written.stream().map(this::walKey).toList());

        // The credentials come from the pod's environment (a Secret): fixing them means a restart, as in Kubernetes.
        restartPrimary(store.secretAccessKey());
        InstanceProcess fixed = processes.get(processes.size() - 1);
        await().atMost(ARCHIVING)
                .untilAsserted(() -> assertThat(walKeys())
                        .containsAll(written.stream().map(this::walKey).toList()));
        await().atMost(ARCHIVING)
                .untilAsserted(() -> assertThat(fixed.status()
                                .path("lastArchive")
                                .path("success")
                                .asBoolean())
                        .isTrue());
    }

    @Test
    @Order(40)
    void aJoiningInstanceBecomesAStreamingStandby() throws IOException {
        standbyIp = LocalPostgres.freePodIp();
        Path pod = LocalPostgres.ownedDirectory(work.resolve("standby"));
        LocalPostgres.secretFile(pod.resolve("replication-password"), "repl-secret");
        Path config = writeConfig(pod, """
                {"bootstrap": {"join": {"host": "%s", "port": 5432}},
                 "archive": {"barmanObjectStore": {"destinationPath": "s3://%s/it", "endpointURL": "%s",
                     "s3Credentials": {"accessKeyId": {"name": "s3", "key": "id"},
                                       "secretAccessKey": {"name": "s3", "key": "secret"}}},
                   "serverName": "%s"},
                 "replication": {"passwordFile": "%s"},
                 "smartShutdownTimeout": 10}
                """.formatted(
                        primary.ip(), BUCKET, store.endpointUrl(), SERVER, pod.resolve("replication-password")));
        Path pgData = pod.resolve("pgdata");
        standby = start(
                env("cluster-it-2", standbyIp, pgData, pod.resolve("run"), config, store.secretAccessKey()),
                pod.resolve("instance.log"));

        await().atMost(STARTUP).until(() -> standby.statusCode("/readyz") == 200);
        assertThat(pgData.resolve("standby.signal")).exists();
        assertThat(pgData.resolve(".check-empty-wal-archive")).doesNotExist();
        String count = psql(primary, "app", "SELECT count(*) FROM items");
        await().atMost(STARTUP)
                .ignoreExceptions()
                .until(() -> psql(pod.resolve("run"), "app", "SELECT count(*) FROM items")
                        .equals(count));

        psql(primary, "app", "INSERT INTO items VALUES (999999, 'after the standby joined')");
        await().atMost(STARTUP)
                .ignoreExceptions()
                .until(() -> psql(pod.resolve("run"), "app", "SELECT count(*) FROM items WHERE id = 999999")
                        .equals("1"));
        JsonNode status = standby.status();
        assertThat(status.path("role").asText()).isEqualTo("replica");
        assertThat(status.path("receivedLsn").asText()).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(status.path("replayedLsn").asText()).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(status.path("walReceiverStatus").asText()).isEqualTo("streaming");
        assertThat(status.path("currentLsn").isNull()).isTrue();
        assertThat(psql(primary, "postgres", "SELECT application_name FROM pg_stat_replication"))
                .isEqualTo("cluster-it-2");
    }

    @Test
    @Order(50)
    void sigtermStopsPostgresCleanly() {
        InstanceProcess current = processes.get(processes.size() - 2);
        for (InstanceProcess instance : List.of(standby, current)) {
            assertThat(instance.terminate(Duration.ofSeconds(60)))
                    .as("the instance manager exits")
                    .isTrue();
            assertThat(instance.log()).contains("database system is shut down");
        }
        assertThat(primary.pgData().resolve("postmaster.pid")).doesNotExist();
        assertThat(work.resolve("standby/pgdata/postmaster.pid")).doesNotExist();
    }

    @Test
    @Order(60)
    void aNewClusterRefusesAnArchiveThatAlreadyHoldsWal() throws IOException {
        Path existing = work.resolve("s3/data").resolve(BUCKET).resolve(walKey("000000010000000000000001"));
        long before = Files.getLastModifiedTime(existing).toMillis();
        String ip = LocalPostgres.freePodIp();
        Path pod = LocalPostgres.ownedDirectory(work.resolve("newcomer"));
        Path config = writeConfig(
                pod,
                Files.readString(primary.config())
                        .replace(
                                primary.pgData()
                                        .resolveSibling("replication-password")
                                        .toString(),
                                LocalPostgres.secretFile(pod.resolve("replication-password"), "x")
                                        .toString()));
        Path runDir = pod.resolve("run");
        InstanceProcess newcomer = start(
                env("other-1", ip, pod.resolve("pgdata"), runDir, config, store.secretAccessKey()),
                pod.resolve("instance.log"));
        await().atMost(STARTUP).until(() -> newcomer.statusCode("/readyz") == 200);
        LocalPostgres.psql(runDir, "postgres", "CREATE TABLE t AS SELECT 1 AS x");
        LocalPostgres.psql(runDir, "postgres", "SELECT pg_switch_wal()");

        await().atMost(ARCHIVING).untilAsserted(() -> {
            JsonNode last = newcomer.status().path("lastArchive");
            assertThat(last.path("success").asBoolean(true)).isFalse();
            assertThat(last.path("message").asText())
                    .startsWith("Refusing to archive")
                    .contains("Expected empty archive");
        });
        assertThat(pod.resolve("pgdata/.check-empty-wal-archive")).exists();
        assertThat(Files.getLastModifiedTime(existing).toMillis())
                .as("the other cluster's WAL is untouched")
                .isEqualTo(before);
        assertThat(newcomer.terminate(Duration.ofSeconds(60))).isTrue();
    }

    private InstanceProcess startPrimary(String secret) {
        return start(
                env("cluster-it-1", primary.ip(), primary.pgData(), primary.runDir(), primary.config(), secret),
                primary.pgData().resolveSibling("instance.log"));
    }

    private void restartPrimary(String secret) {
        InstanceProcess running = processes.get(processes.size() - 1);
        assertThat(running.terminate(Duration.ofSeconds(60))).isTrue();
        InstanceProcess next = startPrimary(secret);
        await().atMost(STARTUP).until(() -> next.statusCode("/readyz") == 200);
    }

    private InstanceProcess start(Map<String, String> env, Path log) {
        InstanceProcess instance = InstanceProcess.start(env, log);
        processes.add(instance);
        return instance;
    }

    private Map<String, String> env(String podName, String ip, Path pgData, Path runDir, Path config, String secret) {
        Map<String, String> env = new HashMap<>(store.awsEnvironment());
        env.put("AWS_SECRET_ACCESS_KEY", secret);
        env.put("POD_NAME", podName);
        env.put("POD_IP", ip);
        env.put("NAMESPACE", "default");
        env.put("CLUSTER_NAME", "cluster-it");
        env.put("PGDATA", pgData.toString());
        env.put("CAIRN_RUN_DIR", runDir.toString());
        env.put("CAIRN_INSTANCE_CONFIG", config.toString());
        if (LocalPostgres.isRoot()) {
            env.put("HOME", "/var/lib/postgresql");
        }
        return env;
    }

    /** Switches to a new WAL file and returns the name of the one it completed. */
    private String switchWal() {
        return psql(primary, "postgres", "SELECT pg_walfile_name(pg_switch_wal())");
    }

    private List<String> walKeys() {
        return store.listKeys(BUCKET, "it/" + SERVER + "/wals/");
    }

    private String walKey(String segment) {
        return "it/" + SERVER + "/wals/" + segment.substring(0, 16) + "/" + segment;
    }

    private static Path writeConfig(Path pod, String json) throws IOException {
        Path config = pod.resolve("instance.json");
        Files.writeString(config, json);
        return config;
    }

    private static String psql(Primary primary, String database, String sql) {
        return LocalPostgres.psql(primary.runDir(), database, sql);
    }

    private static String psql(Path runDir, String database, String sql) {
        return LocalPostgres.psql(runDir, database, sql);
    }
}
