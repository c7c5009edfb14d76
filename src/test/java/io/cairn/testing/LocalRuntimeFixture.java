package io.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.Cluster;
import io.cairn.local.objectstore.BarmanAccess;
import io.cairn.local.objectstore.LocalObjectStore;
import io.cairn.local.objectstore.ObjectStoreServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What an IT of Clusters on real parts needs beside the shared local runtime (whose node runs the pods): a namespace
 * of its own and a {@link LocalObjectStore} with one bucket, listening where pods reach this machine, under
 * {@code target/<prefix>-it-*}. Closing deletes the namespace (and waits until the controller manager emptied it),
 * then stops the store.
 *
 * <p>An IT owns one for its whole class as a JUnit 5 extension, instead of its own {@code @BeforeAll}/{@code @AfterAll}:
 * <pre>{@code
 * @RegisterExtension
 * static final LocalRuntimeFixture runtime = LocalRuntimeFixture.perTestClass("cluster", "backups")
 *         .withS3Secret("s3-creds");
 * }</pre>
 * It starts before the class's {@code @BeforeAll} methods (after Quarkus, whose test resource starts the control
 * plane) with a client of its own, and closes after its {@code @AfterAll} methods.
 */
public final class LocalRuntimeFixture implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private final String prefix;
    private final String bucket;
    /** Secret name to its secret access key, null for the store's own. */
    private final Map<String, String> s3Secrets = new LinkedHashMap<>();

    private KubernetesClient client;
    private boolean ownsClient;
    private TestNamespace namespace;
    private LocalObjectStore store;

    private LocalRuntimeFixture(String prefix, String bucket) {
        this.prefix = prefix;
        this.bucket = bucket;
    }

    /** The fixture of a test class, as a static {@code @RegisterExtension} field (see above). */
    public static LocalRuntimeFixture perTestClass(String prefix, String bucket) {
        return new LocalRuntimeFixture(prefix, bucket);
    }

    /** Also creates, at the start, the Secret {@code name} with the store's credentials ({@link #createS3Secret}). */
    public LocalRuntimeFixture withS3Secret(String name) {
        return withS3Secret(name, null);
    }

    /** Also creates, at the start, the Secret {@code name} with the store's access key and this secret key. */
    public LocalRuntimeFixture withS3Secret(String name, String secretAccessKey) {
        s3Secrets.put(name, secretAccessKey);
        return this;
    }

    /** A fixture started now on {@code client}, closed by the caller. */
    public static LocalRuntimeFixture start(KubernetesClient client, String prefix, String bucket) throws IOException {
        LocalRuntimeFixture fixture = new LocalRuntimeFixture(prefix, bucket);
        fixture.open(client, false);
        return fixture;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        open(SharedControlPlane.newClient(), true);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void open(KubernetesClient client, boolean ownsClient) throws IOException {
        this.client = client;
        this.ownsClient = ownsClient;
        namespace = TestNamespace.create(client, prefix);
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), prefix + "-it-");
        try {
            Path jar = Path.of(System.getProperty("cairn.local.s3proxy-jar", "target/local/s3proxy.jar"));
            store = LocalObjectStore.startOn(
                    SharedControlPlane.hostAddress(), jar, Files.createDirectories(work.resolve("s3")), bucket);
        } catch (IOException | RuntimeException e) {
            namespace.close();
            namespace = null;
            throw e;
        }
        System.out.printf(
                "[%s IT] namespace %s, work directory %s, S3Proxy at %s%n",
                prefix, namespace.name(), work, store.endpointUrl());
        s3Secrets.forEach((name, key) -> createS3Secret(name, key == null ? store.secretAccessKey() : key));
    }

    /** A Secret with the store's access key and {@code secretAccessKey}, under CloudNativePG's sample key names. */
    public void createS3Secret(String name, String secretAccessKey) {
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withStringData(Map.of(
                                "ACCESS_KEY_ID",
                                store.accessKeyId(),
                                "ACCESS_SECRET_KEY",
                                secretAccessKey,
                                "REGION",
                                LocalObjectStore.REGION))
                        .build())
                .inNamespace(ns())
                .create();
    }

    /**
     * Creates a Cluster of {@code instances} small PostgreSQL 15 instances that archives to this fixture's bucket
     * under its own name, with the credentials of the Secret {@code s3Secret} (see {@link #createS3Secret});
     * {@code backupFields} are more fields of its {@code spec.backup}, such as {@code "retentionPolicy: 30d"}.
     */
    public void createClusterWithObjectStore(String name, int instances, String s3Secret, String... backupFields) {
        createClusterWithObjectStore(null, name, instances, s3Secret, backupFields);
    }

    /**
     * {@link #createClusterWithObjectStore(String, int, String, String...)} whose data and WAL claims (then a
     * {@code walStorage}) are of the StorageClass {@code storageClass}; null: the default class, no WAL claim.
     */
    public void createClusterWithObjectStore(
            String storageClass, String name, int instances, String s3Secret, String... backupFields) {
        String storage = storageClass == null
                ? "storage: {size: 1Gi}"
                : "storage: {size: 1Gi, storageClass: " + storageClass + "}\n  walStorage: {size: 1Gi, storageClass: "
                        + storageClass + "}";
        client.resource(Serialization.unmarshal(
                        """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: %s}
                spec:
                  instances: %d
                  imageName: ghcr.io/cloudnative-pg/postgresql:15
                  %s
                  bootstrap:
                    initdb: {database: app, owner: app}
                  postgresql: {parameters: {shared_buffers: 32MB, max_connections: "30"}}
                  backup:
                    barmanObjectStore:
                      destinationPath: s3://%s/%s
                      endpointURL: %s
                      s3Credentials:
                        accessKeyId: {name: %s, key: ACCESS_KEY_ID}
                        secretAccessKey: {name: %s, key: ACCESS_SECRET_KEY}
                        region: {name: %s, key: REGION}
                """.formatted(
                                                name,
                                                instances,
                                                storage,
                                                bucket,
                                                name,
                                                store.endpointUrl(),
                                                s3Secret,
                                                s3Secret,
                                                s3Secret)
                                + Arrays.stream(backupFields)
                                        .map(field -> "    " + field + "\n")
                                        .collect(Collectors.joining()),
                        Cluster.class))
                .inNamespace(ns())
                .create();
    }

    /**
     * Creates a Cluster of one small PostgreSQL 15 instance that archives to {@code bucket} of {@code store} under its
     * own name, given access as {@code access} says through a Secret {@code <name>-store} this creates;
     * {@code objectStoreFields} are more fields of its {@code barmanObjectStore}, such as {@code wal}, and the pods
     * get the store's {@link ObjectStoreServer#clusterEnvironment()} as the Cluster's {@code env}.
     */
    public void createClusterWithObjectStore(
            String name,
            ObjectStoreServer store,
            String bucket,
            BarmanAccess access,
            Map<String, Object> objectStoreFields) {
        create(clusterWithObjectStore(name, store, bucket, access, objectStoreFields));
    }

    /** Creates {@code cluster}, e.g. {@link #clusterWithObjectStore} changed. */
    public void create(Map<String, Object> cluster) {
        client.resource(Serialization.unmarshal(Serialization.asJson(cluster), Cluster.class))
                .inNamespace(ns())
                .create();
    }

    /**
     * The Cluster {@link #createClusterWithObjectStore(String, ObjectStoreServer, String, BarmanAccess, Map)} creates,
     * as maps (its {@code spec} a mutable one), after creating its Secret.
     */
    public Map<String, Object> clusterWithObjectStore(
            String name,
            ObjectStoreServer store,
            String bucket,
            BarmanAccess access,
            Map<String, Object> objectStoreFields) {
        String secret = name + "-store";
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(secret)
                        .endMetadata()
                        .withStringData(access.secretData())
                        .build())
                .inNamespace(ns())
                .create();
        Map<String, Object> barmanObjectStore = new LinkedHashMap<>();
        barmanObjectStore.put("destinationPath", store.destinationPath(bucket, name));
        if (store.endpointUrl() != null) {
            barmanObjectStore.put("endpointURL", store.endpointUrl());
        }
        barmanObjectStore.putAll(access.credentialsNaming(secret));
        barmanObjectStore.putAll(objectStoreFields);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("instances", 1);
        spec.put("imageName", "ghcr.io/cloudnative-pg/postgresql:15");
        spec.put("storage", Map.of("size", "1Gi"));
        spec.put("bootstrap", Map.of("initdb", Map.of("database", "app", "owner", "app")));
        // archive_timeout 5s: a written row reaches the store within seconds, with no WAL switch (owners may not)
        spec.put(
                "postgresql",
                Map.of(
                        "parameters",
                        Map.of("shared_buffers", "32MB", "max_connections", "30", "archive_timeout", "5s")));
        spec.put("backup", Map.of("barmanObjectStore", barmanObjectStore));
        if (!store.clusterEnvironment().isEmpty()) {
            spec.put(
                    "env",
                    store.clusterEnvironment().entrySet().stream()
                            .map(variable -> Map.of("name", variable.getKey(), "value", variable.getValue()))
                            .toList());
        }
        return Map.of(
                "apiVersion",
                "postgresql.cnpg.io/v1",
                "kind",
                "Cluster",
                "metadata",
                Map.of("name", name),
                "spec",
                spec);
    }

    /**
     * Runs {@code sql} with psql over TCP on the pod {@code pod} of the Cluster {@code cluster}, as its owner (from
     * the Secret {@code <cluster>-app}); returns the unaligned output, failing with psql's when it fails.
     */
    public String sql(String cluster, String pod, String sql) {
        Secret app =
                client.secrets().inNamespace(ns()).withName(cluster + "-app").get();
        String output = LocalPostgres.psqlOverTcp(
                client.pods().inNamespace(ns()).withName(pod).get().getStatus().getPodIP(),
                decode(app, "username"),
                decode(app, "password"),
                decode(app, "dbname"),
                sql,
                Duration.ofSeconds(30));
        if (output.startsWith("ERROR ")) {
            throw new IllegalStateException("on " + pod + ": " + output);
        }
        return output;
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    /**
     * A CloudNativePG sample's {@code barmanObjectStore} pointed at this runtime's object store: its MinIO endpoint
     * replaced, its {@code minio} Secret by {@code s3Secret} (same keys), and the region that Secret holds added
     * beside the secret key.
     */
    public String pointedAtTheObjectStore(String sample, String s3Secret) {
        return SECRET_ACCESS_KEY_LINE
                .matcher(sample.replace("endpointURL: http://minio:9000", "endpointURL: " + store().endpointUrl())
                        .replace("name: minio", "name: " + s3Secret))
                .replaceAll(line -> line.group()
                        + "\n"
                        + line.group(1).substring(2)
                        + "region: {name: " + s3Secret + ", key: REGION}");
    }

    /** A sample's {@code key: ACCESS_SECRET_KEY} line, its indentation captured. */
    private static final Pattern SECRET_ACCESS_KEY_LINE = Pattern.compile("(?m)^( +)key: ACCESS_SECRET_KEY$");

    /** Creates an on-demand Backup of {@code cluster} with the Cluster's defaults. */
    public void createBackup(String name, String cluster) {
        client.resource(Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: %s}
                spec: {cluster: {name: %s}}
                """.formatted(name, cluster), Backup.class))
                .inNamespace(ns())
                .create();
    }

    /** Creates an on-demand Backup of {@code cluster} with this method, hot ({@code online}) or cold. */
    public void createBackup(String name, String cluster, String method, boolean online) {
        client.resource(Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: %s}
                spec: {method: %s, online: %s, cluster: {name: %s}}
                """.formatted(name, method, online, cluster), Backup.class))
                .inNamespace(ns())
                .create();
    }

    /** Waits until the Cluster {@code name} reports itself healthy with {@code instances} ready instances. */
    public Cluster awaitHealthy(String name, int instances, Duration timeout) {
        await("Cluster " + name + " healthy")
                .atMost(timeout)
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    Cluster cluster = cluster(name);
                    assertThat(cluster.getStatus()).isNotNull();
                    assertThat(cluster.getStatus().phase()).isEqualTo("Cluster in healthy state");
                    assertThat(cluster.getStatus().readyInstances()).isEqualTo(instances);
                });
        return cluster(name);
    }

    /**
     * Waits until the Backup {@code name} reaches {@code phase}, failing at once (with its error) if it fails while
     * another phase is awaited.
     */
    public Backup awaitBackupPhase(String name, BackupPhase phase, Duration timeout) {
        await(name + " " + phase.value())
                .atMost(timeout)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Backup backup = backup(name);
                    assertThat(backup.getStatus()).isNotNull();
                    if (phase != BackupPhase.FAILED) {
                        assertThat(backup.getStatus().phase())
                                .as("error: " + backup.getStatus().error())
                                .isNotEqualTo(BackupPhase.FAILED);
                    }
                    assertThat(backup.getStatus().phase()).isEqualTo(phase);
                });
        return backup(name);
    }

    public Backup backup(String name) {
        return client.resources(Backup.class).inNamespace(ns()).withName(name).get();
    }

    public Cluster cluster(String name) {
        return client.resources(Cluster.class).inNamespace(ns()).withName(name).get();
    }

    /** Creates the Cluster of {@code yaml} in the namespace. */
    public void createCluster(String yaml) {
        client.resource(Serialization.unmarshal(yaml, Cluster.class))
                .inNamespace(ns())
                .create();
    }

    public Pod pod(String name) {
        return client.pods().inNamespace(ns()).withName(name).get();
    }

    public String podIp(String podName) {
        return pod(podName).getStatus().getPodIP();
    }

    /** The condition {@code type} of the Cluster's status; null when it (or the Cluster, or its status) is absent. */
    public Condition condition(Cluster cluster, String type) {
        return cluster == null
                        || cluster.getStatus() == null
                        || cluster.getStatus().conditions() == null
                ? null
                : cluster.getStatus().conditions().stream()
                        .filter(c -> type.equals(c.getType()))
                        .findFirst()
                        .orElse(null);
    }

    /** The Events of the object named {@code involvedName} in the namespace. */
    public List<Event> events(String involvedName) {
        return client.v1().events().inNamespace(ns()).list().getItems().stream()
                .filter(e -> involvedName.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    public String ns() {
        return namespace.name();
    }

    public LocalObjectStore store() {
        return store;
    }

    @Override
    public void close() {
        if (namespace == null) {
            return;
        }
        try {
            namespace.close();
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> client.namespaces().withName(ns()).get() == null);
        } finally {
            namespace = null;
            store.close();
            if (ownsClient) {
                client.close();
            }
        }
    }
}
