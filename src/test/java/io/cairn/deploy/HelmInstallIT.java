package io.cairn.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ScheduledBackup;
import io.cairn.testing.Helm;
import io.cairn.testing.Kubectl;
import io.cairn.testing.LocalRuntimeFixture;
import io.cairn.testing.SharedControlPlane;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator as users run it: installed by {@code helm install} from helm/cairn as a Deployment on the local
 * runtime's real node, from the image built here, with the chart's RBAC only. It runs a Cluster and a Backup on a
 * standby; {@code helm upgrade} replaces the operator and leaves the running Cluster untouched; {@code helm
 * uninstall} keeps the CRDs and the Cluster. Runs in its own JVM (no operator in the test JVM beside it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmInstallIT {

    private static final String API_VERSION = "postgresql.cnpg.io/v1";
    private static final String RELEASE = "cairn";
    private static final String OPERATOR_NAMESPACE = "cairn-system";
    private static final String BUCKET = "backups";
    private static final Duration HELM = Duration.ofMinutes(5);
    private static final Duration STARTUP = Duration.ofSeconds(300);
    private static final Duration BACKUP = Duration.ofSeconds(180);
    private static final List<String> CRDS =
            List.of("clusters.postgresql.cnpg.io", "backups.postgresql.cnpg.io", "scheduledbackups.postgresql.cnpg.io");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private KubernetesClient client;
    private LocalRuntimeFixture runtime;

    @BeforeAll
    void installTheChart() throws IOException {
        client = SharedControlPlane.newClient();
        runtime = LocalRuntimeFixture.start(client, "helm", BUCKET);
        runtime.createS3Secret("s3-creds", runtime.store().secretAccessKey());
        adoptTheRuntimesCrdsIntoTheRelease();
        Helm.run(
                        HELM,
                        "install",
                        RELEASE,
                        Helm.CHART.toString(),
                        "--namespace",
                        OPERATOR_NAMESPACE,
                        "--create-namespace",
                        "--set",
                        "watchNamespaces={" + ns() + "}",
                        "--wait",
                        "--timeout",
                        "4m")
                .succeeded();
    }

    @AfterAll
    void uninstall() {
        try {
            Helm.run(HELM, "uninstall", RELEASE, "--namespace", OPERATOR_NAMESPACE, "--wait", "--ignore-not-found");
            client.namespaces().withName(OPERATOR_NAMESPACE).delete();
        } finally {
            runtime.close();
            client.close();
        }
    }

    @Test
    @Order(10)
    void theOperatorRunsAsANonRootDeploymentOnTheNodeFromTheImageBuiltHere() throws Exception {
        Deployment deployment = deployment();
        assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(1);
        Pod pod = operatorPod();
        assertThat(pod.getSpec().getNodeName())
                .isEqualTo(client.nodes().list().getItems().get(0).getMetadata().getName());
        assertThat(pod.getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/cairn-io/cairn:" + System.getProperty("cairn.project.version"));
        assertThat(pod.getStatus().getContainerStatuses().get(0).getContainerID())
                .startsWith("containerd://");
        assertThat(Kubectl.run(OPERATOR_NAMESPACE, "exec", pod.getMetadata().getName(), "--", "id", "-u")
                        .trim())
                .isEqualTo("10001");

        assertThat(get("http://" + pod.getStatus().getPodIP() + ":8080/q/health/ready"))
                .contains("\"status\": \"UP\"");
        String service = client.services()
                .inNamespace(OPERATOR_NAMESPACE)
                .withName(RELEASE)
                .get()
                .getSpec()
                .getClusterIP();
        assertThat(get("http://" + service + ":8080/q/metrics")).contains("jvm_memory_used_bytes");
    }

    @Test
    @Order(15)
    void everyKindIsReconciledAndItsObservedGenerationRecorded() throws IOException {
        apply("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: of-no-cluster-yet}
                spec: {cluster: {name: absent}}
                ---
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: daily}
                spec: {cluster: {name: absent}, schedule: '0 0 0 * * *'}
                ---
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: with-fields-cairn-does-not-model}
                spec:
                  instances: 1
                  storage: {size: 1Gi}
                  primaryUpdateStrategy: unsupervised
                  bootstrap: {initdb: {database: app, localeProvider: icu, icuLocale: en}}
                """);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(observedGeneration("Backup", "of-no-cluster-yet")).isEqualTo(1L);
            assertThat(observedGeneration("ScheduledBackup", "daily")).isEqualTo(1L);
            assertThat(observedGeneration("Cluster", "with-fields-cairn-does-not-model"))
                    .isEqualTo(1L);
        });
        client.genericKubernetesResources(API_VERSION, "ScheduledBackup")
                .inNamespace(ns())
                .withName("daily")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"schedule\":\"0 30 1 * * *\"}}");
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(observedGeneration("ScheduledBackup", "daily"))
                        .isEqualTo(2L));
        client.genericKubernetesResources(API_VERSION, "Cluster")
                .inNamespace(ns())
                .withName("with-fields-cairn-does-not-model")
                .delete();
    }

    @Test
    @Order(16)
    void backupsOwnedByAScheduledBackupGoWithIt() {
        ScheduledBackup owner = client.resource(Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: owner}
                spec: {cluster: {name: absent}, schedule: '@daily', backupOwnerReference: self}
                """, ScheduledBackup.class))
                .inNamespace(ns())
                .create();
        Backup owned = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: owner-20261125000000}
                spec: {cluster: {name: absent}}
                """, Backup.class);
        owned.getMetadata()
                .setOwnerReferences(List.of(new OwnerReferenceBuilder()
                        .withApiVersion(API_VERSION)
                        .withKind("ScheduledBackup")
                        .withName("owner")
                        .withUid(owner.getMetadata().getUid())
                        .withController(true)
                        .build()));
        client.resource(owned).inNamespace(ns()).create();

        client.resource(owner).delete();

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(client.resources(Backup.class)
                                .inNamespace(ns())
                                .withName("owner-20261125000000")
                                .get())
                        .isNull());
    }

    @Test
    @Order(20)
    void theInstalledOperatorTakesABackupOnAStandby() {
        createCluster("pg", 2);
        runtime.awaitHealthy("pg", 2, STARTUP);
        Backup backup = awaitCompleted(createBackup("pg-before-upgrade"));

        assertThat(backup.getStatus().instanceID().podName()).as("the standby").isEqualTo("pg-2");
        assertThat(runtime.store().listKeys(BUCKET, "pg/pg/wals/"))
                .as("WAL in the bucket")
                .isNotEmpty();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(
                                get("http://" + operatorPod().getStatus().getPodIP() + ":8080/q/metrics"))
                        .contains("operator_sdk_reconciliations_executions_backup"));
    }

    @Test
    @Order(30)
    void anUpgradeReplacesTheOperatorAndLeavesTheRunningClusterUntouched() {
        String operatorBefore = operatorPod().getMetadata().getName();
        Map<String, String> instancesBefore = instanceContainers("pg");

        Helm.run(
                        HELM,
                        "upgrade",
                        RELEASE,
                        Helm.CHART.toString(),
                        "--namespace",
                        OPERATOR_NAMESPACE,
                        "--reuse-values",
                        "--set",
                        "logLevel=DEBUG",
                        "--set",
                        "config.CAIRN_INSTANCE_STATUS_REFRESH=5s",
                        "--wait",
                        "--timeout",
                        "4m")
                .succeeded();

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            assertThat(operatorPods()).hasSize(1);
            assertThat(operatorPod().getMetadata().getName()).isNotEqualTo(operatorBefore);
        });
        assertThat(Helm.run(HELM, "history", RELEASE, "--namespace", OPERATOR_NAMESPACE)
                        .succeeded())
                .contains("Upgrade complete");
        Backup afterUpgrade = awaitCompleted(createBackup("pg-after-upgrade"));
        assertThat(afterUpgrade.getStatus().instanceID().podName()).isEqualTo("pg-2");
        assertThat(instanceContainers("pg"))
                .as("pods, containers and restart counts of the Cluster")
                .isEqualTo(instancesBefore);
        assertThat(cluster("pg").getStatus().phase()).isEqualTo("Cluster in healthy state");
    }

    @Test
    @Order(40)
    void uninstallingKeepsTheCrdsAndTheClusterRunning() {
        Map<String, String> instancesBefore = instanceContainers("pg");

        Helm.run(HELM, "uninstall", RELEASE, "--namespace", OPERATOR_NAMESPACE, "--wait")
                .succeeded();

        assertThat(client.apps()
                        .deployments()
                        .inNamespace(OPERATOR_NAMESPACE)
                        .withName(RELEASE)
                        .get())
                .isNull();
        for (String crd : CRDS) {
            assertThat(client.apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .withName(crd)
                            .get())
                    .as(crd)
                    .isNotNull();
        }
        assertThat(cluster("pg")).isNotNull();
        assertThat(instanceContainers("pg")).isEqualTo(instancesBefore);
    }

    /**
     * The runtime installed the generated CRDs before the chart: like a user whose CRDs came from elsewhere, the test
     * hands them to the release with Helm's ownership metadata, or helm install would refuse to touch them.
     */
    private void adoptTheRuntimesCrdsIntoTheRelease() {
        for (String crd : CRDS) {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crd)
                    .edit(c -> new CustomResourceDefinitionBuilder(c)
                            .editMetadata()
                            .addToLabels("app.kubernetes.io/managed-by", "Helm")
                            .addToAnnotations("meta.helm.sh/release-name", RELEASE)
                            .addToAnnotations("meta.helm.sh/release-namespace", OPERATOR_NAMESPACE)
                            .endMetadata()
                            .build());
        }
    }

    /** {@code kubectl apply -f} of the manifests, in the test's namespace. */
    private void apply(String manifests) throws IOException {
        Path file = Files.createTempFile(Path.of("target").toAbsolutePath(), "helm-it-", ".yaml");
        Files.writeString(file, manifests);
        Kubectl.run(ns(), "apply", "-f", file.toString());
    }

    private Long observedGeneration(String kind, String name) {
        GenericKubernetesResource resource = client.genericKubernetesResources(API_VERSION, kind)
                .inNamespace(ns())
                .withName(name)
                .get();
        Object status = resource.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map && map.get("observedGeneration") instanceof Number n
                ? n.longValue()
                : null;
    }

    private void createCluster(String name, int instances) {
        client.resource(Serialization.unmarshal(
                        """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: %s}
                spec:
                  instances: %d
                  storage: {size: 1Gi}
                  postgresql: {parameters: {shared_buffers: 32MB, max_connections: "30", archive_timeout: "30s"}}
                  backup:
                    barmanObjectStore:
                      destinationPath: s3://%s/%s
                      endpointURL: %s
                      s3Credentials:
                        accessKeyId: {name: s3-creds, key: ACCESS_KEY_ID}
                        secretAccessKey: {name: s3-creds, key: ACCESS_SECRET_KEY}
                        region: {name: s3-creds, key: REGION}
                """.formatted(
                                name, instances, BUCKET, name, runtime.store().endpointUrl()),
                        Cluster.class))
                .inNamespace(ns())
                .create();
    }

    private String createBackup(String name) {
        client.resource(Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: %s}
                spec: {cluster: {name: pg}}
                """.formatted(name), Backup.class))
                .inNamespace(ns())
                .create();
        return name;
    }

    private Backup awaitCompleted(String name) {
        await("Backup " + name + " completed")
                .atMost(BACKUP)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Backup backup = client.resources(Backup.class)
                            .inNamespace(ns())
                            .withName(name)
                            .get();
                    assertThat(backup.getStatus()).isNotNull();
                    assertThat(backup.getStatus().phase())
                            .as("error: %s", backup.getStatus().error())
                            .isNotEqualTo(BackupPhase.FAILED)
                            .isEqualTo(BackupPhase.COMPLETED);
                });
        return client.resources(Backup.class).inNamespace(ns()).withName(name).get();
    }

    /** Each instance pod's uid, its containers' IDs and restart counts: what must not change. */
    private Map<String, String> instanceContainers(String cluster) {
        return client.pods().inNamespace(ns()).withLabel("cnpg.io/cluster", cluster).list().getItems().stream()
                .collect(Collectors.toMap(
                        p -> p.getMetadata().getName(),
                        p -> p.getMetadata().getUid() + " "
                                + p.getStatus().getContainerStatuses().stream()
                                        .map(c -> c.getContainerID() + "#" + c.getRestartCount())
                                        .sorted()
                                        .toList()));
    }

    private Deployment deployment() {
        return client.apps()
                .deployments()
                .inNamespace(OPERATOR_NAMESPACE)
                .withName(RELEASE)
                .get();
    }

    private List<Pod> operatorPods() {
        return client
                .pods()
                .inNamespace(OPERATOR_NAMESPACE)
                .withLabel("app.kubernetes.io/instance", RELEASE)
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    private Pod operatorPod() {
        List<Pod> pods = operatorPods();
        assertThat(pods).hasSize(1);
        return pods.get(0);
    }

    private Cluster cluster(String name) {
        return client.resources(Cluster.class).inNamespace(ns()).withName(name).get();
    }

    private String ns() {
        return runtime.ns();
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return response.body();
    }
}
