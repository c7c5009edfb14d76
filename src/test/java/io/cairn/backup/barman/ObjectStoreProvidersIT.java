package io.cairn.backup.barman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.Cluster;
import io.cairn.local.objectstore.AzuriteServer;
import io.cairn.local.objectstore.BarmanAccess;
import io.cairn.local.objectstore.FakeGcsServer;
import io.cairn.local.objectstore.LocalObjectStore;
import io.cairn.local.objectstore.ObjectStoreServer;
import io.cairn.local.objectstore.TestCertificateAuthority;
import io.cairn.testing.CachedTool;
import io.cairn.testing.LocalControlPlaneResource;
import io.cairn.testing.LocalRuntimeFixture;
import io.cairn.testing.SharedControlPlane;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same Cluster scenario against every kind of object store barman-cloud writes to, on the real node: S3 over
 * HTTP and over HTTPS with {@code endpointCA} (S3Proxy), Azure Blob Storage with a connection string (Azurite) and
 * Google Cloud Storage with a service-account key (fake-gcs-server, reached through the Cluster's {@code env}), each
 * started by the test on the address where pods reach this machine. For each, the new primary archives its WAL
 * (gzip) and {@code ContinuousArchiving} turns True, a {@code barmanObjectStore} Backup (bzip2) completes with its
 * objects in the store, and a Cluster recovered from that Backup to a point in time has every row written before it
 * and none after, and archives its new timeline to the same store; on S3, retention removes a backup older than
 * its window from the store. A wrong CA fails archiving with barman's message; an ambient identity
 * ({@code inheritFromAzureAD}), which pods here cannot have, fails it at once with Cairn's.
 * No credential shows in the operator's log (at debug level), the instances' logs, Events, the objects' JSON or any
 * command line on this machine while it all ran.
 */
@QuarkusTest
@QuarkusTestResource(LocalControlPlaneResource.class)
@TestProfile(ObjectStoreProvidersIT.DebugLogging.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObjectStoreProvidersIT {

    /** {@link BarmanBackupIT.ShortTimeouts}, and the operator's debug messages, so the credential check sees more. */
    public static class DebugLogging extends BarmanBackupIT.ShortTimeouts {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new LinkedHashMap<>(super.getConfigOverrides());
            config.put("quarkus.log.category.\"io.cairn\".level", "DEBUG");
            config.put("quarkus.log.category.\"io.javaoperatorsdk\".level", "DEBUG");
            return config;
        }
    }

    private static final String BUCKET = "backups";
    private static final Duration STARTUP = Duration.ofSeconds(240);
    private static final Duration ARCHIVING = Duration.ofSeconds(120);
    private static final Duration BACKUP = Duration.ofSeconds(180);

    /** An object store the test starts on a host in a directory, and how a Cluster is given access to it. */
    record Provider(
            String cluster,
            BiFunction<String, Path, ObjectStoreServer> start,
            Function<ObjectStoreServer, BarmanAccess> access) {
        @Override
        public String toString() {
            return cluster;
        }
    }

    static Stream<Provider> providers() {
        return Stream.of(
                new Provider(
                        "s3-http",
                        (host, dir) -> LocalObjectStore.startOn(host, s3proxyJar(), dir, BUCKET),
                        ObjectStoreServer::access),
                new Provider(
                        "s3-https",
                        (host, dir) -> LocalObjectStore.startTls(host, s3proxyJar(), dir, BUCKET),
                        ObjectStoreServer::access),
                new Provider(
                        "azure",
                        (host, dir) -> AzuriteServer.start(host, CachedTool.path("azurite"), dir, BUCKET),
                        ObjectStoreServer::access),
                new Provider(
                        "gcs",
                        (host, dir) -> FakeGcsServer.start(host, CachedTool.path("fake-gcs-server"), dir, BUCKET),
                        ObjectStoreServer::access));
    }

    @Inject
    KubernetesClient client;

    private LocalRuntimeFixture runtime;
    private Path work;
    private final Map<String, ObjectStoreServer> stores = new LinkedHashMap<>();
    private final List<BarmanAccess> accesses = new ArrayList<>();
    private final OperatorLog operatorLog = new OperatorLog();
    private final CommandLines commandLines = new CommandLines();

    @BeforeAll
    void startTheStores() throws IOException {
        runtime = LocalRuntimeFixture.start(client, "stores", BUCKET);
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "stores-it-");
        for (Provider provider : providers().toList()) {
            stores.put(
                    provider.cluster(),
                    provider.start()
                            .apply(
                                    SharedControlPlane.hostAddress(),
                                    Files.createDirectories(work.resolve(provider.cluster()))));
        }
        Logger.getLogger("").addHandler(operatorLog);
        commandLines.start();
    }

    @AfterAll
    void stopEverything() {
        commandLines.stop();
        Logger.getLogger("").removeHandler(operatorLog);
        try {
            if (runtime != null) {
                runtime.close();
            }
        } finally {
            stores.values().forEach(ObjectStoreServer::close);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    @Order(10)
    void walIsArchivedAndABarmanObjectStoreBackupCompletes(Provider provider) {
        ObjectStoreServer store = stores.get(provider.cluster());
        BarmanAccess access = provider.access().apply(store);
        accesses.add(access);
        commandLines.watchFor(access.secrets());
        String name = provider.cluster();
        String prefix = name + "/" + name + "/";
        runtime.createClusterWithObjectStore(
                name,
                store,
                BUCKET,
                access,
                Map.of("wal", Map.of("compression", "gzip"), "data", Map.of("compression", "bzip2")));
        runtime.awaitHealthy(name, 1, STARTUP);

        await("ContinuousArchiving of " + name)
                .atMost(ARCHIVING)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Condition archiving = condition(runtime.cluster(name), "ContinuousArchiving");
                    assertThat(archiving).isNotNull();
                    assertThat(archiving.getStatus()).as(archiving.getMessage()).isEqualTo("True");
                });
        assertThat(store.listKeys(BUCKET, prefix + "wals/"))
                .as("WAL, gzip-compressed")
                .isNotEmpty()
                .allSatisfy(key -> assertThat(key).endsWith(".gz"));

        runtime.createBackup(name + "-backup", name);
        Backup backup = runtime.awaitBackupPhase(name + "-backup", BackupPhase.COMPLETED, BACKUP);

        BackupStatus status = backup.getStatus();
        assertThat(status.destinationPath()).isEqualTo(store.destinationPath(BUCKET, name));
        assertThat(status.endpointURL()).isEqualTo(store.endpointUrl());
        assertThat(status.serverName()).isEqualTo(name);
        assertThat(status.backupId()).matches("\\d{8}T\\d{6}");
        assertThat(store.listKeys(BUCKET, prefix + "base/"))
                .containsExactlyInAnyOrder(
                        prefix + "base/" + status.backupId() + "/backup.info",
                        prefix + "base/" + status.backupId() + "/data.tar.bz2");
        assertThat(runtime.events(name + "-backup"))
                .extracting(Event::getReason)
                .contains("Completed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    @Order(15)
    void aClusterRecoveredFromTheBackupToATargetTimeHasEveryRowBeforeItAndNoneAfter(Provider provider)
            throws InterruptedException {
        ObjectStoreServer store = stores.get(provider.cluster());
        String source = provider.cluster();
        String primary = source + "-1";
        runtime.sql(
                source,
                primary,
                "CREATE TABLE items AS SELECT g AS id, 'before the target' AS note "
                        + "FROM generate_series(1, 100) g");
        Thread.sleep(1100); // commit timestamps before the target and after it differ
        String target = runtime.sql(source, primary, "SELECT clock_timestamp()");
        Thread.sleep(1100);
        runtime.sql(
                source,
                primary,
                "INSERT INTO items SELECT g, 'after the target' " + "FROM generate_series(1001, 1010) g");
        String segment = runtime.sql(source, primary, "SELECT pg_walfile_name(pg_current_wal_lsn())");
        await("the segment after the target archived")
                .atMost(ARCHIVING)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(store.listKeys(BUCKET, source + "/" + source + "/wals/"))
                        .anySatisfy(key -> assertThat(key).contains(segment)));

        String name = source + "-pitr";
        Map<String, Object> cluster = runtime.clusterWithObjectStore(
                name, store, BUCKET, provider.access().apply(store), Map.of());
        spec(cluster)
                .put(
                        "bootstrap",
                        Map.of(
                                "recovery",
                                Map.of(
                                        "backup",
                                        Map.of("name", source + "-backup"),
                                        "recoveryTarget",
                                        Map.of("targetTime", target))));
        runtime.create(cluster);
        runtime.awaitHealthy(name, 1, STARTUP);

        assertThat(runtime.sql(name, name + "-1", "SELECT note, count(*) FROM items GROUP BY note"))
                .isEqualTo("before the target|100");
        assertThat(runtime.cluster(name).getStatus().timelineID()).isEqualTo(2);
        await("the recovered Cluster archives its new timeline")
                .atMost(ARCHIVING)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(store.listKeys(BUCKET, name + "/" + name + "/wals/"))
                        .anySatisfy(key -> assertThat(key).endsWith("00000002.history")));
    }

    /**
     * Two backups from 2020 are planted beside the real one, copies of it with older IDs and times written through
     * the store's own API; with {@code retentionPolicy: 7d} the next Backup's retention removes the older one and
     * keeps the newer, which a recovery to the window's start needs.
     */
    /**
     * The stores where barman-cloud can delete: not the emulators, whose batch deletes it needs fail here (see
     * docs/object-store.md): fake-gcs-server serves no JSON API batch ({@code Bad response:  not multi-part}), and
     * Azurite answers 400 to each Blob Batch sub-request when reached on an address other than loopback, as pods
     * reach it.
     */
    static Stream<Provider> providersThatDelete() {
        return providers().filter(provider -> provider.cluster().startsWith("s3-"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providersThatDelete")
    @Order(17)
    void retentionRemovesABackupOlderThanTheWindowFromTheStore(Provider provider) {
        ObjectStoreServer store = stores.get(provider.cluster());
        String name = provider.cluster();
        String base = name + "/" + name + "/base/";
        String realId = client.resources(Backup.class)
                .inNamespace(runtime.ns())
                .withName(name + "-backup")
                .get()
                .getStatus()
                .backupId();
        for (String id : List.of("20200101T000000", "20200102T000000")) {
            plantOldBackup(store, base, realId, id);
        }
        assertThat(store.listKeys(BUCKET, base + "20200101T000000/"))
                .as("planted")
                .isNotEmpty();
        client.resources(Cluster.class)
                .inNamespace(runtime.ns())
                .withName(name)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\": {\"backup\": {\"retentionPolicy\": \"7d\"}}}");

        runtime.createBackup(name + "-retention", name);
        String newId = runtime.awaitBackupPhase(name + "-retention", BackupPhase.COMPLETED, BACKUP)
                .getStatus()
                .backupId();

        await("retention on " + name)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(store.listKeys(BUCKET, base))
                        .as(() -> "retention's Events and log lines: " + retentionReport(name))
                        .noneMatch(key -> key.startsWith(base + "20200101T000000/"))
                        .contains(
                                base + "20200102T000000/backup.info",
                                base + realId + "/backup.info",
                                base + newId + "/backup.info"));
    }

    /** The Cluster's retention Events and what its primary logged about retention, for a failure's message. */
    private String retentionReport(String cluster) {
        String events = runtime.events(cluster).stream()
                .filter(e -> e.getReason().startsWith("Retention"))
                .map(e -> e.getReason() + ": " + e.getMessage())
                .toList()
                .toString();
        String log = client.pods()
                .inNamespace(runtime.ns())
                .withName(cluster + "-1")
                .getLog()
                .lines()
                .filter(line -> line.contains("retention") || line.contains("delete"))
                .toList()
                .toString();
        return events + " " + log;
    }

    /** A copy of the backup {@code realId} under {@code base} as if taken at midnight of {@code id}'s day. */
    private static void plantOldBackup(ObjectStoreServer store, String base, String realId, String id) {
        String day = id.substring(0, 4) + "-" + id.substring(4, 6) + "-" + id.substring(6, 8);
        for (String key : store.listKeys(BUCKET, base + realId + "/")) {
            byte[] content = store.read(BUCKET, key);
            if (key.endsWith("/backup.info")) {
                content = new String(content, StandardCharsets.UTF_8)
                        .replaceAll("(?m)^backup_id=.*$", "backup_id=" + id)
                        .replaceAll("(?m)^begin_time=.*$", "begin_time=" + day + " 00:00:00.000000+00:00")
                        .replaceAll("(?m)^end_time=.*$", "end_time=" + day + " 00:00:05.000000+00:00")
                        .replaceAll("(?m)^backup_name=.*$", "backup_name=old-" + id)
                        .getBytes(StandardCharsets.UTF_8);
            }
            store.write(BUCKET, base + id + key.substring((base + realId).length()), content);
        }
    }

    @Test
    @Order(20)
    void aWrongEndpointCaFailsArchivingWithBarmansMessage() {
        ObjectStoreServer store = stores.get("s3-https");
        String otherCa = BarmanAccess.fileText(TestCertificateAuthority.create("another-ca", work.resolve("another-ca"))
                .caFile());
        BarmanAccess access = store.access().withSecretKey("ca.crt", otherCa);
        accesses.add(access);
        runtime.createClusterWithObjectStore("s3-wrong-ca", store, BUCKET, access, Map.of());
        runtime.awaitHealthy("s3-wrong-ca", 1, STARTUP);

        awaitArchivingFailing("s3-wrong-ca", "CERTIFICATE_VERIFY_FAILED");
        assertThat(store.listKeys(BUCKET, "s3-wrong-ca/")).isEmpty();
    }

    @Test
    @Order(25)
    void anAmbientIdentityFailsArchivingAtOnceWhereThePodsHaveNone() {
        ObjectStoreServer store = stores.get("azure");
        runtime.createClusterWithObjectStore(
                "azure-ambient",
                store,
                BUCKET,
                store.access(),
                Map.of("azureCredentials", Map.of("inheritFromAzureAD", true)));
        runtime.awaitHealthy("azure-ambient", 1, STARTUP);

        awaitArchivingFailing(
                "azure-ambient",
                "Refusing to archive: "
                        + "azureCredentials.inheritFromAzureAD takes the identity of the cloud the pod runs in",
                "(cairn.backup.ambient-identities=false) has none");
        assertThat(store.listKeys(BUCKET, "azure-ambient/")).isEmpty();
    }

    @Test
    @Order(30)
    void noCredentialShowsInLogsEventsObjectsOrCommandLines() {
        assertThat(accesses).as("the scenarios above ran").hasSize(5);
        List<String> secrets =
                accesses.stream().flatMap(access -> access.secrets().stream()).toList();
        Map<String, String> places = new LinkedHashMap<>();
        places.put("the operator's log", operatorLog.text());
        List<Pod> pods = client.pods().inNamespace(runtime.ns()).list().getItems();
        assertThat(pods).as("a pod of each Cluster").hasSize(10);
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            places.put(
                    "the log of " + name,
                    client.pods().inNamespace(runtime.ns()).withName(name).getLog());
        }
        places.put(
                "the Clusters",
                Serialization.asJson(client.resources(Cluster.class)
                        .inNamespace(runtime.ns())
                        .list()));
        places.put("the Pods", Serialization.asJson(pods));
        places.put(
                "the Backups",
                Serialization.asJson(
                        client.resources(Backup.class).inNamespace(runtime.ns()).list()));
        places.put(
                "the Events",
                Serialization.asJson(
                        client.v1().events().inNamespace(runtime.ns()).list()));

        places.forEach((place, text) -> {
            assertThat(text).as(place).isNotBlank();
            for (String secret : secrets) {
                assertThat(text).as("a credential in " + place).doesNotContain(secret);
            }
        });
        assertThat(places.get("the log of gcs-1"))
                .as("barman's own output is in the instance's log")
                .contains("barman");
        assertThat(places.get("the operator's log"))
                .as("the operator's own debug messages")
                .contains("created Pod");
        assertThat(commandLines.barmanCommandsSeen())
                .as("barman-cloud command lines sampled")
                .isPositive();
        assertThat(commandLines.leaks())
                .as("command lines holding a credential")
                .isEmpty();
    }

    /** Waits until the Cluster's ContinuousArchiving is False (failing), its message holding each of {@code parts}. */
    private void awaitArchivingFailing(String cluster, String... parts) {
        await("ContinuousArchiving of " + cluster)
                .atMost(ARCHIVING)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Condition archiving = condition(runtime.cluster(cluster), "ContinuousArchiving");
                    assertThat(archiving).isNotNull();
                    assertThat(archiving.getStatus()).isEqualTo("False");
                    assertThat(archiving.getReason()).isEqualTo("ContinuousArchivingFailing");
                    assertThat(archiving.getMessage()).contains(parts);
                });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> cluster) {
        return (Map<String, Object>) cluster.get("spec");
    }

    private static Condition condition(Cluster cluster, String type) {
        if (cluster.getStatus() == null || cluster.getStatus().conditions() == null) {
            return null;
        }
        return cluster.getStatus().conditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
    }

    private static Path s3proxyJar() {
        return Path.of(System.getProperty("cairn.local.s3proxy-jar", "target/local/s3proxy.jar"));
    }

    /** Every record logged in this JVM, where the operator runs, as text. */
    private static final class OperatorLog extends Handler {

        private final StringBuffer text = new StringBuffer();
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            // JBoss's records hold printf-style formats that SimpleFormatter would leave unformatted
            text.append(
                    record instanceof ExtLogRecord ext ? ext.getFormattedMessage() + "\n" : formatter.format(record));
            if (record.getThrown() != null) {
                text.append(record.getThrown()).append('\n');
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        String text() {
            return text.toString();
        }
    }

    /**
     * Samples the command line of every process on this machine (the node's containers are processes here) ten
     * times a second: how many barman-cloud commands it saw, and the command lines holding a watched credential.
     */
    private static final class CommandLines {

        private final Set<String> secrets = ConcurrentHashMap.newKeySet();
        private final Set<String> barmanCommands = ConcurrentHashMap.newKeySet();
        private final Set<String> leaks = ConcurrentHashMap.newKeySet();
        private volatile boolean running;
        private Thread sampler;

        void watchFor(List<String> values) {
            secrets.addAll(values);
        }

        void start() {
            running = true;
            sampler = new Thread(
                    () -> {
                        while (running) {
                            sample();
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "command-line-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        void stop() {
            running = false;
            if (sampler != null) {
                sampler.interrupt();
            }
        }

        int barmanCommandsSeen() {
            return barmanCommands.size();
        }

        Set<String> leaks() {
            return Set.copyOf(leaks);
        }

        private void sample() {
            try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                processes
                        .filter(dir -> dir.getFileName().toString().chars().allMatch(Character::isDigit))
                        .forEach(dir -> {
                            String command = commandLine(dir);
                            if (command.contains("barman-cloud")) {
                                barmanCommands.add(dir.getFileName() + " " + command);
                            }
                            secrets.stream().filter(command::contains).forEach(secret -> leaks.add(command));
                        });
            } catch (IOException | RuntimeException e) {
                // a process ended while listed; the next sample goes on
            }
        }

        private static String commandLine(Path process) {
            try {
                return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                        .replace('\0', ' ');
            } catch (IOException e) {
                return "";
            }
        }
    }
}
