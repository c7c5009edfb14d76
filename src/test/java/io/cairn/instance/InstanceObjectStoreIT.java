package io.cairn.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.local.objectstore.AzuriteServer;
import io.cairn.local.objectstore.BarmanAccess;
import io.cairn.local.objectstore.FakeGcsServer;
import io.cairn.local.objectstore.LocalObjectStore;
import io.cairn.local.objectstore.ObjectStoreServer;
import io.cairn.local.objectstore.TestCertificateAuthority;
import io.cairn.testing.CachedTool;
import io.cairn.testing.InstanceProcess;
import io.cairn.testing.KeptOnFailure;
import io.cairn.testing.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One scenario against every kind of object store barman-cloud writes to, each a local stand-in started by the
 * test: S3 over HTTP and over HTTPS with {@code endpointCA} (S3Proxy), Azure Blob Storage with a connection string
 * holding the account key or a SAS token (Azurite), Google Cloud Storage with a service-account file
 * (fake-gcs-server). For each, a new primary (the packaged instance manager as the user postgres, PostgreSQL 15,
 * barman-cloud 3.4 with the pinned Azure and Google libraries on its PYTHONPATH, as in the PostgreSQL image) archives
 * its WAL, compressed, takes a compressed base backup, and finds it in barman's catalog; the objects are checked in
 * the store itself. Then what fails and how: a wrong CA, and Azure's key and SAS forms against an emulator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceObjectStoreIT {

    private static final String BUCKET = "backups";
    private static final String LOCALHOST = "127.0.0.1";

    private Path work;
    private Path barmanPython;
    private final List<InstanceProcess> processes = new ArrayList<>();
    private final List<ObjectStoreServer> stores = new ArrayList<>();

    /** Keeps the work directory (PGDATAs, logs) only when a step failed, for its logs. */
    @RegisterExtension
    final KeptOnFailure workDirectory = new KeptOnFailure("object store IT");

    /** A store to start in a directory, and how barman is given access to it. */
    record Target(
            String name, Function<Path, ObjectStoreServer> start, Function<ObjectStoreServer, BarmanAccess> access) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Target> targets() {
        return Stream.of(
                new Target(
                        "s3-http",
                        dir -> LocalObjectStore.startOn(LOCALHOST, s3proxyJar(), dir, BUCKET),
                        ObjectStoreServer::access),
                new Target(
                        "s3-https",
                        dir -> LocalObjectStore.startTls(LOCALHOST, s3proxyJar(), dir, BUCKET),
                        ObjectStoreServer::access),
                new Target("azure-key", InstanceObjectStoreIT::azurite, ObjectStoreServer::access),
                new Target(
                        "azure-sas",
                        InstanceObjectStoreIT::azurite,
                        store -> ((AzuriteServer) store).sasConnectionStringAccess()),
                new Target(
                        "gcs",
                        dir -> FakeGcsServer.start(LOCALHOST, CachedTool.path("fake-gcs-server"), dir, BUCKET),
                        ObjectStoreServer::access));
    }

    @BeforeAll
    void prepare() throws IOException {
        LocalPostgres.requireInstalled();
        work = LocalPostgres.ownedDirectory(Files.createTempDirectory("cairn-object-store-it-"));
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        // A copy the user postgres can read (the cache may be under root's home).
        barmanPython = copyTree(CachedTool.barmanCloudPython(), work.resolve("barman-cloud-python"));
        System.out.printf("[object store IT] work directory %s%n", work);
    }

    @AfterAll
    void stopEverything() {
        processes.forEach(InstanceProcess::close);
        stores.forEach(ObjectStoreServer::close);
        workDirectory.cleanUp(work);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void walIsArchivedAndABaseBackupCompletesAndIsListed(Target target) throws IOException {
        ObjectStoreServer store = start(target);
        BarmanAccess access = target.access().apply(store);
        String server = "os-" + target.name();
        Map<String, Object> barmanObjectStore = barmanObjectStore(store, target.name(), access);
        InstancePod primary = primary(target.name(), server, barmanObjectStore);
        primary.start(environment(access), processes);

        LocalPostgres.psql(
                primary.runDir(),
                "app",
                "CREATE TABLE items AS SELECT g AS id, md5(g::text) AS note " + "FROM generate_series(1, 5000) g");
        JsonNode walSwitch = InstancePod.json(primary.send("POST", "/pg/wal-switch", "{\"checkpoint\": true}"));
        String segment = walSwitch.path("walFile").asText();
        String prefix = target.name() + "/" + server + "/";
        await().atMost(InstancePod.BACKUP).untilAsserted(() -> {
            assertThat(store.listKeys(BUCKET, prefix + "wals/"))
                    .as("the segment archived gzip-compressed")
                    .contains(prefix + "wals/" + segment.substring(0, 16) + "/" + segment + ".gz");
            // reported by the archive command once barman returned, a little after the object is there
            assertThat(primary.process
                            .status()
                            .path("lastArchive")
                            .path("success")
                            .asBoolean())
                    .isTrue();
        });

        String request = InstancePod.toJson(Map.of(
                "backupName",
                "b-" + target.name(),
                "barmanName",
                "backup-20261207100000",
                "barmanObjectStore",
                barmanObjectStore,
                "serverName",
                server));
        assertThat(primary.send("POST", "/pg/backups", request).statusCode()).isEqualTo(202);
        JsonNode job = primary.finishedJob("b-" + target.name());
        assertThat(job.path("phase").asText()).as(job.toPrettyString()).isEqualTo("COMPLETED");
        String backupId = job.path("backup").path("backupId").asText();
        assertThat(job.path("backup").path("status").asText()).isEqualTo("DONE");
        assertThat(job.path("backup").path("backupName").asText()).isEqualTo("backup-20261207100000");
        assertThat(InstancePod.catalogIds(job))
                .as("listed by barman-cloud-backup-list")
                .containsExactly(backupId);
        assertThat(store.listKeys(BUCKET, prefix + "base/"))
                .containsExactlyInAnyOrder(
                        prefix + "base/" + backupId + "/backup.info", prefix + "base/" + backupId + "/data.tar.bz2");
        assertThat(primary.process.terminate(Duration.ofSeconds(60))).isTrue();
        assertNoSecretIn(primary.dir.resolve("instance.log"), access);
    }

    @Test
    void aWrongCaFailsTheArchiveCheckWithBarmansMessage() throws IOException {
        Target https =
                targets().filter(t -> t.name().equals("s3-https")).findFirst().orElseThrow();
        ObjectStoreServer store = start(new Target("s3-wrong-ca", https.start(), https.access()));
        Path otherCa = TestCertificateAuthority.create("another-ca", work.resolve("another-ca"))
                .caFile();
        assertArchivingFails(
                "s3-wrong-ca",
                store,
                store.access().withEnvironment("AWS_CA_BUNDLE", otherCa.toString()),
                "CERTIFICATE_VERIFY_FAILED");
    }

    @Test
    void azureKeyAndSasFormsNeedARealAzureUrlBarmanRefusesThemForAnEmulator() throws IOException {
        AzuriteServer store = (AzuriteServer)
                start(new Target("azure-forms", InstanceObjectStoreIT::azurite, ObjectStoreServer::access));
        assertArchivingFails(
                "azure-storage-key",
                store,
                store.storageKeyAccess(),
                "A connection string must be provided when using emulated storage");
        assertArchivingFails(
                "azure-sas-token",
                store,
                store.sasTokenAccess(),
                "A connection string must be provided when using emulated storage");
    }

    /** A new primary archiving to {@code store} with {@code access}: its archive attempts fail with {@code message}. */
    private void assertArchivingFails(String name, ObjectStoreServer store, BarmanAccess access, String message)
            throws IOException {
        InstancePod primary = primary(name, "os-" + name, barmanObjectStore(store, name, access));
        primary.start(environment(access), processes);
        LocalPostgres.psql(primary.runDir(), "postgres", "SELECT pg_switch_wal()");
        await().atMost(InstancePod.BACKUP).untilAsserted(() -> {
            JsonNode last = primary.process.status().path("lastArchive");
            assertThat(last.path("success").asBoolean(true)).isFalse();
            assertThat(last.path("message").asText()).contains(message);
        });
        assertThat(store.listKeys(BUCKET, name + "/")).isEmpty();
        assertThat(primary.process.terminate(Duration.ofSeconds(60))).isTrue();
        assertNoSecretIn(primary.dir.resolve("instance.log"), access);
    }

    /** The instance manager's log, PostgreSQL's and barman's output with it, holds no credential. */
    private static void assertNoSecretIn(Path log, BarmanAccess access) throws IOException {
        String text = Files.readString(log);
        assertThat(text).isNotEmpty();
        for (String secret : access.secrets()) {
            assertThat(text).as("a credential of %s in %s", access.name(), log).doesNotContain(secret);
        }
    }

    private ObjectStoreServer start(Target target) throws IOException {
        ObjectStoreServer store = target.start()
                .apply(Files.createDirectories(work.resolve(target.name()).resolve("store")));
        stores.add(store);
        return store;
    }

    private InstancePod primary(String name, String server, Map<String, Object> barmanObjectStore) throws IOException {
        return InstancePod.create(server + "-1", server, work.resolve(name).resolve("primary"), """
                {"bootstrap": {"initdb": {"database": "app", "owner": "app"}},
                 "postgresql": {"parameters": {"shared_buffers": "32MB", "max_connections": "30"}},
                 "archive": {"barmanObjectStore": %s, "serverName": "%s"},
                 "archiveTimeout": "5min",
                 "replication": {"passwordFile": "%%s"},
                 "smartShutdownTimeout": 10}
                """.formatted(
                        InstancePod.toJson(barmanObjectStore), server));
    }

    /** The Cluster's barmanObjectStore for {@code path} in the bucket: gzip for WAL, bzip2 for base backups. */
    private static Map<String, Object> barmanObjectStore(ObjectStoreServer store, String path, BarmanAccess access) {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("destinationPath", store.destinationPath(BUCKET, path));
        if (store.endpointUrl() != null) {
            configuration.put("endpointURL", store.endpointUrl());
        }
        configuration.putAll(access.credentials());
        configuration.put("wal", Map.of("compression", "gzip"));
        configuration.put("data", Map.of("compression", "bzip2", "immediateCheckpoint", true, "jobs", 1));
        return configuration;
    }

    private Map<String, String> environment(BarmanAccess access) {
        Map<String, String> env = new LinkedHashMap<>(access.environment());
        env.put("PYTHONPATH", barmanPython.toString());
        return env;
    }

    private static ObjectStoreServer azurite(Path dir) {
        return AzuriteServer.start(LOCALHOST, CachedTool.path("azurite"), dir, BUCKET);
    }

    private static Path s3proxyJar() {
        return Path.of(System.getProperty("cairn.local.s3proxy-jar", "target/local/s3proxy.jar"));
    }

    private static Path copyTree(Path from, Path to) {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path source : tree.toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
