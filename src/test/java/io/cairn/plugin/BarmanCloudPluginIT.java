package io.cairn.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cairn.local.FreePort;
import io.cairn.local.ServerProcess;
import io.cairn.testing.SharedControlPlane;
import io.cairn.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cairn's CNPG-I client against the real Barman Cloud plugin (v0.15.0, built from the Go module proxy, unchanged):
 * its operator-side component runs as a process against the real API server, with its ObjectStore CRD installed and
 * certificates made as its manifests have cert-manager make them, and serves CNPG-I over mutual TLS as in a cluster.
 * Its hooks act on the real API server: the Pre reconciler hook grants a Cluster's service account access to its
 * ObjectStore, the lifecycle hook injects its sidecar into an instance Pod.
 */
class BarmanCloudPluginIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The name its Service has and its server certificate carries in the plugin's manifests. */
    private static final String SERVER_NAME = "barman-cloud";

    private static final SelfSignedCertificate SERVER = SelfSignedCertificate.server(SERVER_NAME, SERVER_NAME);
    private static final SelfSignedCertificate CLIENT = SelfSignedCertificate.client("barman-cloud-client");

    private static ServerProcess plugin;
    private static int grpcPort;

    private KubernetesClient client;
    private TestNamespace namespace;

    @BeforeAll
    static void startThePluginsOperatorSide() throws IOException {
        grpcPort = FreePort.pick();
        plugin = BarmanCloudPlugin.startOperatorSide(
                Files.createDirectories(Path.of("target", "barman-cloud-plugin-it")),
                "127.0.0.1",
                grpcPort,
                SERVER,
                CLIENT);
    }

    @BeforeEach
    void namespaceOfItsOwn() {
        client = SharedControlPlane.newClient();
        namespace = TestNamespace.create(client, "barman-plugin");
    }

    @AfterEach
    void deleteTheNamespace() {
        namespace.close();
        client.close();
    }

    @AfterAll
    static void stop() {
        if (plugin != null) {
            plugin.close();
        }
    }

    private static PluginConnection connect(SelfSignedCertificate clientCertificate) {
        return PluginConnection.remote(
                "127.0.0.1",
                grpcPort,
                new PluginTls(
                        clientCertificate.certificatePem(),
                        clientCertificate.keyPem(),
                        SERVER.certificatePem(),
                        SERVER_NAME),
                TIMEOUT);
    }

    @Test
    void describesItselfAsTheBarmanCloudPluginOperatorSide() throws Exception {
        try (PluginConnection connection = connect(CLIENT)) {
            PluginDescription description = connection.client().describe();

            assertThat(description.metadata().name()).isEqualTo(BarmanCloudPlugin.NAME);
            assertThat(description.metadata().version()).isEqualTo("0.15.0");
            assertThat(description.services())
                    .contains(
                            PluginDescription.RECONCILER_HOOKS,
                            PluginDescription.LIFECYCLE_SERVICE,
                            "TYPE_INSTANCE_SIDECAR_INJECTION");
            assertThat(description.reconcilerHookKinds()).contains("KIND_CLUSTER", "KIND_BACKUP");
            assertThat(description.lifecycleKinds()).contains("Pod");
            assertThat(description.hooksReconcilerOf("KIND_BACKUP")).isTrue();
            assertThat(connection.client().probe()).isTrue();
        }
    }

    @Test
    void refusesABackupItsOperatorSideCannotTakeWithCloudNativePgsMessage() throws Exception {
        try (PluginConnection connection = connect(CLIENT)) {
            PluginClient client = connection.client();
            PluginDescription description = client.describe();

            assertThatThrownBy(() -> client.backup(description, new byte[0], new byte[0], Map.of(), TIMEOUT))
                    .isInstanceOf(PluginCallException.class)
                    .hasMessage("plugin does not support Backup service");
        }
    }

    /**
     * The plugin's documented example Cluster, as the API server returns it (with its uid, which the plugin makes the
     * owner of what it creates).
     */
    private GenericKubernetesResource exampleCluster() {
        return client.resource(Serialization.unmarshal(
                        BarmanCloudPlugin.exampleCluster(namespace.name()), GenericKubernetesResource.class))
                .create();
    }

    private static byte[] json(Object resource) {
        return Serialization.asJson(resource).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void asksToComeBackWhileTheObjectStoreIsMissingThenGrantsTheClusterAccessToIt() throws Exception {
        try (PluginConnection connection = connect(CLIENT)) {
            byte[] cluster = json(exampleCluster());

            assertThat(connection.client().preReconcile(cluster, cluster).behavior())
                    .isEqualTo(HookResult.Behavior.REQUEUE);

            client.resource(Serialization.unmarshal("""
                    apiVersion: barmancloud.cnpg.io/v1
                    kind: ObjectStore
                    metadata: {name: minio-store, namespace: %s}
                    spec:
                      configuration:
                        destinationPath: s3://backups/
                        endpointURL: http://minio:9000
                        s3Credentials:
                          accessKeyId: {name: minio, key: ACCESS_KEY_ID}
                          secretAccessKey: {name: minio, key: ACCESS_SECRET_KEY}
                        wal: {compression: gzip}
                    """.formatted(namespace.name()), GenericKubernetesResource.class))
                    .create();

            // The plugin creates the Role, then reads it back through its informer cache, which may not have seen it
            // yet: that Pre call fails ("Role ... not found") and, as CloudNativePG's operator does after an error,
            // the reconciliation is tried again.
            await().atMost(Duration.ofSeconds(30))
                    .ignoreException(PluginCallException.class)
                    .untilAsserted(() -> assertThat(connection
                                    .client()
                                    .preReconcile(cluster, cluster)
                                    .behavior())
                            .isEqualTo(HookResult.Behavior.CONTINUE));
            Role role = client.rbac()
                    .roles()
                    .inNamespace(namespace.name())
                    .withName("cluster-example-barman-cloud")
                    .get();
            assertThat(role).isNotNull();
            assertThat(role.getRules()).anySatisfy(rule -> {
                assertThat(rule.getResources()).contains("objectstores");
                assertThat(rule.getResourceNames()).contains("minio-store");
            });
            assertThat(client.rbac()
                            .roleBindings()
                            .inNamespace(namespace.name())
                            .withName("cluster-example-barman-cloud")
                            .get()
                            .getSubjects())
                    .anySatisfy(subject -> assertThat(subject.getName()).isEqualTo("cluster-example"));
        }
    }

    @Test
    void injectsItsSidecarIntoAnInstancePodThroughTheLifecycleHook() throws Exception {
        try (PluginConnection connection = connect(CLIENT)) {
            byte[] cluster = json(exampleCluster());
            client.resource(Serialization.unmarshal("""
                    apiVersion: barmancloud.cnpg.io/v1
                    kind: ObjectStore
                    metadata: {name: minio-store, namespace: %s}
                    spec:
                      configuration: {destinationPath: "s3://backups/", endpointURL: "http://minio:9000"}
                    """.formatted(namespace.name()), GenericKubernetesResource.class))
                    .create();
            Pod pod = new PodBuilder()
                    .withNewMetadata()
                    .withName("cluster-example-1")
                    .withNamespace(namespace.name())
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("postgres")
                    .withImage("ghcr.io/cloudnative-pg/postgresql:15")
                    .endContainer()
                    .endSpec()
                    .build();

            String patch = new String(
                    connection.client().lifecycleHook("TYPE_CREATE", cluster, json(pod)), StandardCharsets.UTF_8);

            assertThat(patch)
                    .contains("\"name\":\"plugin-barman-cloud\"")
                    .contains("localhost/cairn/plugin-barman-cloud-sidecar:v0.15.0")
                    .contains("\"instance\"")
                    .contains("/plugins");
        }
    }

    @Test
    void refusesAClientWhoseCertificateItDoesNotTrust() {
        try (PluginConnection connection = connect(SelfSignedCertificate.client("stranger"))) {
            assertThatThrownBy(() -> connection.client().describe())
                    .isInstanceOfSatisfying(
                            PluginCallException.class,
                            e -> assertThat(e.unreachable()).isTrue());
        }
    }
}
