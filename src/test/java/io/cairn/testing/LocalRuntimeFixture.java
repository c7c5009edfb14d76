package io.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.Cluster;
import io.cairn.local.objectstore.LocalObjectStore;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an IT of Clusters on real parts needs beside the shared local runtime (whose node runs the pods): a namespace
 * of its own and a {@link LocalObjectStore} with one bucket, listening where pods reach this machine, under
 * {@code target/<prefix>-it-*}. Closing deletes the namespace (and waits until the controller manager emptied it),
 * then stops the store.
 */
public final class LocalRuntimeFixture implements AutoCloseable {

    private final KubernetesClient client;
    private final TestNamespace namespace;
    private final LocalObjectStore store;
    private final String bucket;

    private LocalRuntimeFixture(KubernetesClient client, TestNamespace namespace, LocalObjectStore store,
            String bucket) {
        this.client = client;
        this.namespace = namespace;
        this.store = store;
        this.bucket = bucket;
    }

    public static LocalRuntimeFixture start(KubernetesClient client, String prefix, String bucket) throws IOException {
        TestNamespace namespace = TestNamespace.create(client, prefix);
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), prefix + "-it-");
        LocalObjectStore store;
        try {
            Path jar = Path.of(System.getProperty("cairn.local.s3proxy-jar", "target/local/s3proxy.jar"));
            store = LocalObjectStore.startOn(SharedControlPlane.hostAddress(), jar,
                    Files.createDirectories(work.resolve("s3")), bucket);
        } catch (IOException | RuntimeException e) {
            namespace.close();
            throw e;
        }
        System.out.printf("[%s IT] namespace %s, work directory %s, S3Proxy at %s%n", prefix, namespace.name(), work,
                store.endpointUrl());
        return new LocalRuntimeFixture(client, namespace, store, bucket);
    }

    /** A Secret with the store's access key and {@code secretAccessKey}, under CloudNativePG's sample key names. */
    public void createS3Secret(String name, String secretAccessKey) {
        client.resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .withStringData(Map.of("ACCESS_KEY_ID", store.accessKeyId(),
                        "ACCESS_SECRET_KEY", secretAccessKey, "REGION", LocalObjectStore.REGION))
                .build()).inNamespace(ns()).create();
    }

    /**
     * Creates a Cluster of {@code instances} small PostgreSQL 15 instances that archives to this fixture's bucket
     * under its own name, with the credentials of the Secret {@code s3Secret} (see {@link #createS3Secret});
     * {@code backupFields} are more fields of its {@code spec.backup}, such as {@code "retentionPolicy: 30d"}.
     */
    public void createClusterWithObjectStore(String name, int instances, String s3Secret, String... backupFields) {
        client.resource(Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: %s}
                spec:
                  instances: %d
                  imageName: ghcr.io/cloudnative-pg/postgresql:15
                  storage: {size: 1Gi}
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
                """.formatted(name, instances, bucket, name, store.endpointUrl(), s3Secret, s3Secret, s3Secret)
                + Arrays.stream(backupFields).map(field -> "    " + field + "\n").collect(Collectors.joining()),
                Cluster.class)).inNamespace(ns()).create();
    }

    /** Creates an on-demand Backup of {@code cluster} with the Cluster's defaults. */
    public void createBackup(String name, String cluster) {
        client.resource(Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: %s}
                spec: {cluster: {name: %s}}
                """.formatted(name, cluster), Backup.class)).inNamespace(ns()).create();
    }

    /** Waits until the Cluster {@code name} reports itself healthy with {@code instances} ready instances. */
    public Cluster awaitHealthy(String name, int instances, Duration timeout) {
        await("Cluster " + name + " healthy").atMost(timeout).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Cluster cluster = cluster(name);
            assertThat(cluster.getStatus()).isNotNull();
            assertThat(cluster.getStatus().phase()).isEqualTo("Cluster in healthy state");
            assertThat(cluster.getStatus().readyInstances()).isEqualTo(instances);
        });
        return cluster(name);
    }

    private Cluster cluster(String name) {
        return client.resources(Cluster.class).inNamespace(ns()).withName(name).get();
    }

    public String ns() {
        return namespace.name();
    }

    public LocalObjectStore store() {
        return store;
    }

    @Override
    public void close() {
        try {
            namespace.close();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> client.namespaces().withName(ns()).get() == null);
        } finally {
            store.close();
        }
    }
}
