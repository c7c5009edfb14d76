package io.cairn.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.Cluster;
import io.cairn.controller.plugin.PluginRegistry;
import io.cairn.local.FreePort;
import io.cairn.local.ServerProcess;
import io.cairn.testing.LocalControlPlaneResource;
import io.cairn.testing.SharedControlPlane;
import io.cairn.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Plugin discovery as CloudNativePG does it, with the operator in this JVM and the real Barman Cloud plugin (v0.15.0)
 * announced by its own Service manifest in the operator's namespace ({@code cnpg-system} in tests): the operator
 * refuses it while its server Secret is missing, registers it over mutual TLS 1.3 once the Secret appears, and a
 * Cluster enabling it shows it in {@code status.pluginStatus} (and waits, as CloudNativePG does, while it is unknown).
 *
 * <p>The plugin's operator side runs as a process on the host (not as its Deployment's pod): its Service is the
 * release's without the selector, with an EndpointSlice to the process, and the operator dials the Service's
 * ClusterIP ({@code cairn.plugins.dial=cluster-ip}: the in-JVM operator is outside the cluster's DNS), so the call
 * goes through kube-proxy as it would in a cluster.
 */
@QuarkusTest
@QuarkusTestResource(LocalControlPlaneResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginDiscoveryIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String OPERATOR_NAMESPACE = "cnpg-system";
    private static final String SERVICE = "barman-cloud";
    private static final String LATE_SERVICE = "barman-cloud-late";
    private static final String CLIENT_SECRET = "barman-cloud-client-tls";
    private static final String SERVER_SECRET = "barman-cloud-server-tls";
    private static final SelfSignedCertificate SERVER = SelfSignedCertificate.server(SERVICE, SERVICE);
    private static final SelfSignedCertificate CLIENT = SelfSignedCertificate.client("barman-cloud-client");

    @Inject
    PluginRegistry registry;

    private KubernetesClient client;
    private ServerProcess plugin;
    private int grpcPort;
    private boolean createdTheOperatorNamespace;
    private TestNamespace namespace;

    @BeforeAll
    void startThePluginOnTheHost() throws IOException {
        client = SharedControlPlane.newClient();
        if (client.namespaces().withName(OPERATOR_NAMESPACE).get() == null) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(OPERATOR_NAMESPACE)
                            .endMetadata()
                            .build())
                    .create();
            createdTheOperatorNamespace = true;
        }
        grpcPort = FreePort.pick();
        plugin = BarmanCloudPlugin.startOperatorSide(
                Files.createDirectories(Path.of("target", "plugin-discovery-it")),
                SharedControlPlane.hostAddress(),
                grpcPort,
                SERVER,
                CLIENT);
        namespace = TestNamespace.create(client, "plugin-discovery");
    }

    @AfterAll
    void stop() {
        if (namespace != null) {
            namespace.close();
        }
        for (String name : List.of(SERVICE, LATE_SERVICE)) {
            client.services().inNamespace(OPERATOR_NAMESPACE).withName(name).delete();
            client.discovery()
                    .v1()
                    .endpointSlices()
                    .inNamespace(OPERATOR_NAMESPACE)
                    .withName(name)
                    .delete();
        }
        client.secrets().inNamespace(OPERATOR_NAMESPACE).withName(CLIENT_SECRET).delete();
        client.secrets().inNamespace(OPERATOR_NAMESPACE).withName(SERVER_SECRET).delete();
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(OPERATOR_NAMESPACE)
                .withName(SERVICE)
                .delete();
        if (createdTheOperatorNamespace) {
            client.namespaces().withName(OPERATOR_NAMESPACE).delete();
        }
        if (plugin != null) {
            plugin.close();
        }
        client.close();
    }

    @Test
    @Order(1)
    void thePluginIsRefusedWhileItsServerSecretIsMissingThenRegisteredAndShownInTheClustersStatus() throws IOException {
        client.resource(CLIENT.tlsSecret(CLIENT_SECRET, OPERATOR_NAMESPACE)).create();
        client.resource(endpointsToThePlugin(SERVICE)).create();
        Service service = client.resource(theReleasedServiceWithoutSelector()).create();

        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(events(service))
                        .extracting(Event::getType, Event::getReason, Event::getMessage)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(
                                "Warning",
                                "ServerSecretNotFound",
                                "Failed to get server secret barman-cloud-server-tls: secrets \"barman-cloud-server-tls\" not "
                                        + "found")));
        assertThat(registry.find(BarmanCloudPlugin.NAME)).isEmpty();

        Cluster cluster = client.resource(exampleCluster()).create();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            Cluster stored = stored(cluster);
            assertThat(stored.getStatus()).isNotNull();
            assertThat(stored.getStatus().phase())
                    .isEqualTo("Cluster cannot proceed to reconciliation due to an unknown plugin being required");
            assertThat(stored.getStatus().phaseReason())
                    .startsWith("Unknown plugin: 'barman-cloud.cloudnative-pg.io'.");
            assertThat(stored.getStatus().pluginStatus()).isNull();
            assertThat(events(stored)).extracting(Event::getReason).containsExactly("UnknownPlugin");
        });
        assertThat(client.pods().inNamespace(namespace.name()).list().getItems())
                .as("nothing is created for a Cluster whose plugin is unknown")
                .isEmpty();

        client.resource(SERVER.tlsSecret(SERVER_SECRET, OPERATOR_NAMESPACE)).create();

        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(events(service))
                        .filteredOn(e -> e.getReason().equals("PluginRegistered"))
                        .singleElement()
                        .satisfies(e -> {
                            assertThat(e.getType()).isEqualTo("Normal");
                            assertThat(e.getMessage())
                                    .startsWith("Registered plugin barman-cloud.cloudnative-pg.io version 0.15.0 at "
                                            + "barman-cloud.cnpg-system.svc:9090");
                        }));
        assertThat(registry.find(BarmanCloudPlugin.NAME))
                .hasValueSatisfying(p -> assertThat(p.description().hooksReconcilerOf("KIND_BACKUP"))
                        .isTrue());
        await().atMost(TIMEOUT).untilAsserted(() -> {
            Cluster stored = stored(cluster);
            assertThat(stored.getStatus().pluginStatus()).singleElement().satisfies(status -> {
                assertThat(status.name()).isEqualTo(BarmanCloudPlugin.NAME);
                assertThat(status.version()).isEqualTo("0.15.0");
                assertThat(status.capabilities())
                        .contains("TYPE_RECONCILER_HOOKS", "TYPE_LIFECYCLE_SERVICE", "TYPE_INSTANCE_SIDECAR_INJECTION");
            });
            assertThat(stored.getStatus().phase())
                    .isNotEqualTo("Cluster cannot proceed to reconciliation due to an unknown plugin being required");
        });
        assertThat(rawPluginStatus(cluster))
                .as("CloudNativePG's field names, empty lists left out")
                .allSatisfy(entry -> assertThat(entry.keySet()).containsOnly("name", "version", "capabilities"));
        // Each outcome was told once: the missing Secret however often the Service was looked at meanwhile (a
        // first connection may fail while kube-proxy has not yet programmed the new Service: told once too).
        List<Event> told = events(service);
        assertThat(told)
                .as(told.stream()
                        .map(e -> e.getReason() + ": " + e.getMessage())
                        .toList()
                        .toString())
                .extracting(Event::getReason)
                .containsSubsequence("ServerSecretNotFound", "PluginRegistered")
                .doesNotHaveDuplicates()
                .endsWith("PluginRegistered");
    }

    @Test
    @Order(2)
    void aPluginThatDoesNotAnswerIsToldOnceAndTriedAgainUntilItAnswers() throws IOException {
        client.services().inNamespace(OPERATOR_NAMESPACE).withName(SERVICE).delete();
        await().atMost(TIMEOUT)
                .until(() -> registry.find(BarmanCloudPlugin.NAME).isEmpty());

        // The same plugin behind a Service with no endpoints yet; the plugin's certificate names "barman-cloud".
        Service late = theReleasedServiceWithoutSelector();
        late.getMetadata().setName(LATE_SERVICE);
        late.getMetadata().getAnnotations().put("cnpg.io/pluginServerName", SERVICE);
        Service service = client.resource(late).create();

        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(events(service)).singleElement().satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo("PluginRegistrationFailed");
                    assertThat(e.getMessage())
                            .startsWith("Failed to register plugin barman-cloud.cloudnative-pg.io at "
                                    + "barman-cloud-late.cnpg-system.svc:9090: ");
                }));
        // Tried again after 5 s and 10 s more meanwhile (the operator's log says so), told once.
        await().during(Duration.ofSeconds(16))
                .atMost(Duration.ofSeconds(20))
                .until(() -> events(service).size() == 1);
        assertThat(registry.find(BarmanCloudPlugin.NAME)).isEmpty();

        client.resource(endpointsToThePlugin(LATE_SERVICE)).create();

        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(events(service))
                        .extracting(Event::getReason)
                        .containsExactly("PluginRegistrationFailed", "PluginRegistered"));
        assertThat(registry.find(BarmanCloudPlugin.NAME))
                .hasValueSatisfying(p -> assertThat(p.service()).isEqualTo(OPERATOR_NAMESPACE + "/" + LATE_SERVICE));
    }

    private Cluster stored(Cluster cluster) {
        return client.resources(Cluster.class)
                .inNamespace(namespace.name())
                .withName(cluster.getMetadata().getName())
                .get();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> rawPluginStatus(Cluster cluster) {
        Map<String, Object> status =
                (Map<String, Object>) client.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster")
                        .inNamespace(namespace.name())
                        .withName(cluster.getMetadata().getName())
                        .get()
                        .getAdditionalProperties()
                        .get("status");
        return (List<Map<String, Object>>) status.get("pluginStatus");
    }

    private List<Event> events(io.fabric8.kubernetes.api.model.HasMetadata about) {
        return client.v1().events().inNamespace(about.getMetadata().getNamespace()).list().getItems().stream()
                .filter(e -> about.getMetadata()
                        .getUid()
                        .equals(e.getInvolvedObject().getUid()))
                .sorted((a, b) -> a.getFirstTimestamp().compareTo(b.getFirstTimestamp()))
                .toList();
    }

    /** The plugin's Service as released, in the operator's namespace, without the selector of its Deployment's pods. */
    private static Service theReleasedServiceWithoutSelector() throws IOException {
        try (InputStream manifest = Files.newInputStream(BarmanCloudPlugin.service())) {
            Service service = Serialization.unmarshal(manifest, Service.class);
            service.getMetadata().setNamespace(OPERATOR_NAMESPACE);
            service.getSpec().setSelector(null);
            return service;
        }
    }

    private EndpointSlice endpointsToThePlugin(String serviceName) {
        return new EndpointSliceBuilder()
                .withNewMetadata()
                .withName(serviceName)
                .withNamespace(OPERATOR_NAMESPACE)
                .addToLabels("kubernetes.io/service-name", serviceName)
                .addToLabels("endpointslice.kubernetes.io/managed-by", "cairn-tests")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint()
                .withAddresses(SharedControlPlane.hostAddress())
                .endEndpoint()
                .addNewPort()
                .withPort(grpcPort)
                .withProtocol("TCP")
                .endPort()
                .build();
    }

    private Cluster exampleCluster() {
        return Serialization.unmarshal(BarmanCloudPlugin.exampleCluster(namespace.name()), Cluster.class);
    }
}
