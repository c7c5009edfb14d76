package io.cairn.controller.backup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.Cluster;
import io.cairn.backup.BackupMethodExecutors;
import io.cairn.testing.CnpgReference;
import io.cairn.testing.LocalControlPlaneResource;
import io.cairn.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.runtime.Startup;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Backup reconciler's first half against the real API server, with the operator running in this JVM. */
@QuarkusTest
@QuarkusTestResource(LocalControlPlaneResource.class)
class BackupReconcilerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String BARMAN = """
              backup:
                barmanObjectStore:
                  destinationPath: s3://backups/
                  s3Credentials:
                    accessKeyId: {name: minio, key: ACCESS_KEY_ID}
                    secretAccessKey: {name: minio, key: ACCESS_SECRET_KEY}
            """;

    @Inject
    KubernetesClient client;

    @Inject
    BackupMethodExecutors executors;

    private TestNamespace namespace;

    @BeforeEach
    void createNamespace() {
        namespace = TestNamespace.create(client, "backup");
    }

    @AfterEach
    void deleteNamespace() {
        namespace.close();
    }

    @Test
    void cloudNativePgsSampleWaitsForItsClusterAndMovesOnWhenItAppears() throws IOException {
        Backup sample = Serialization.unmarshal(
                Files.readString(CnpgReference.root().resolve("samples/backup-example.yaml")), Backup.class);
        client.resource(sample).inNamespace(namespace.name()).create();
        String name = sample.getMetadata().getName();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            Backup stored = get(Backup.class, name);
            assertThat(stored.getStatus())
                    .as("status (awaited, not an error while absent)")
                    .isNotNull();
            assertThat(stored.getStatus().phase()).isEqualTo(BackupPhase.PENDING);
            assertThat(stored.getStatus().observedGeneration()).isEqualTo(1L);
            assertThat(ready(stored).getReason()).isEqualTo("FindingCluster");
            assertThat(ready(stored).getMessage()).isEqualTo("Unknown cluster pg-backup, will retry in 30 seconds");
            assertThat(events(name))
                    .extracting(Event::getType, Event::getReason, Event::getMessage)
                    .containsExactly(Tuple.tuple(
                            "Warning", "FindingCluster", "Unknown cluster pg-backup, will retry in 30 seconds"));
        });

        Instant clusterCreated = Instant.now();
        cluster("pg-backup", "", "  imageName: ghcr.io/cloudnative-pg/postgresql:16.4\n" + BARMAN);

        await("the Cluster's creation wakes the Backup up, not the 30s retry")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> {
                    Backup stored = get(Backup.class, name);
                    assertThat(stored.getStatus().phase()).isEqualTo(BackupPhase.PENDING);
                    assertThat(ready(stored).getReason()).isEqualTo("FindingPod");
                    assertThat(stored.getStatus().majorVersion()).isEqualTo(16);
                    assertThat(stored.getStatus().error()).isNull();
                });
        assertThat(Duration.between(clusterCreated, Instant.now())).isLessThan(Duration.ofSeconds(10));
        await("no instance runs (its image, postgresql:16.4, is not on the node and nothing is pulled): the backup "
                        + "waits for a ready one")
                .atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(events(name)).anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo("FindingPod");
                    assertThat(e.getMessage())
                            .contains(
                                    "Couldn't find a ready instance of cluster pg-backup", "will retry in 30 seconds");
                }));
    }

    /**
     * The local runtime always serves VolumeSnapshots, so the refusal for a Kubernetes cluster without them
     * (ClusterHasNoVolumeSnapshotCRD) is held by BackupPrerequisitesTest only.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "ClusterIsHibernated              | barmanObjectStore | hibernated    | cannot backup a hibernated "
                        + "cluster",
                "ClusterHasNoBackupExecutorPlugin | plugin            | no-plugins    | cannot proceed with the backup "
                        + "as the cluster has no plugin configured",
                "ClusterHasBackupConfigured       | barmanObjectStore | no-backup     | cannot proceed with the backup "
                        + "as the cluster has no backup section",
                "ClusterHasNoVolumeSnapshotSection | volumeSnapshot   | no-snapshots  | no volumeSnapshot section defined "
                        + "on the target cluster",
                "ClusterHasNoBarmanSection        | barmanObjectStore | snapshot      | no barmanObjectStore section "
                        + "defined on the target cluster",
                "BackupMethodNotImplemented       | plugin            | with-plugin   | the plugin backup method is not "
                        + "implemented by this version of Cairn yet",
            })
    void aClusterThatLacksWhatTheMethodNeedsFailsTheBackup(
            String reason, String method, String clusterKind, String message) {
        String clusterSpec = switch (clusterKind) {
            case "hibernated", "no-snapshots" -> BARMAN;
            case "no-plugins", "no-backup" -> "";
            case "snapshot" -> "  backup: {volumeSnapshot: {className: csi-hostpath-snapclass}}\n";
            default -> "  plugins: [{name: barman-cloud.cloudnative-pg.io}]\n";
        };
        cluster(
                "pg",
                clusterKind.equals("hibernated") ? ", annotations: {cnpg.io/hibernation: 'on'}" : "",
                clusterSpec);
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        backup("doomed", method);

        await().atMost(TIMEOUT).untilAsserted(() -> {
            Backup stored = get(Backup.class, "doomed");
            assertThat(phase(stored)).isEqualTo(BackupPhase.FAILED);
            assertThat(stored.getStatus().error()).isEqualTo(message);
            assertThat(stored.getStatus().method().value()).isEqualTo(method);
            assertThat(stored.getStatus().reconciliationTerminatedAt()).isAfterOrEqualTo(before);
            assertThat(ready(stored).getReason()).isEqualTo(reason);
            assertThat(events("doomed"))
                    .extracting(Event::getType, Event::getReason, Event::getMessage)
                    .contains(Tuple.tuple("Warning", reason, message));
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            Cluster stored = get(Cluster.class, "pg");
            assertThat(Instant.parse(stored.getStatus().lastFailedBackup())).isAfterOrEqualTo(before);
            Condition condition = stored.getStatus().conditions().stream()
                    .filter(c -> c.getType().equals("LastBackupSucceeded"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no LastBackupSucceeded condition yet"));
            assertThat(condition.getStatus()).isEqualTo("False");
            assertThat(condition.getReason()).isEqualTo("LastBackupFailed");
            assertThat(condition.getMessage()).isEqualTo(message);
            assertThat(stored.getStatus().observedGeneration())
                    .as("the cluster reconciler's field is kept")
                    .isNotNull();
        });
    }

    /** The tests' operator runs with cairn.backup.ambient-identities=false, as the local runtime has none. */
    @Test
    void anObjectStoreThatTakesTheNodesCloudIdentityIsRefusedWhereThereIsNone() {
        cluster(
                "pg",
                "",
                "  backup: {barmanObjectStore: {destinationPath: 's3://b/p', "
                        + "s3Credentials: {inheritFromIAMRole: true}}}\n");
        backup("ambient", "barmanObjectStore");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            Backup stored = get(Backup.class, "ambient");
            assertThat(phase(stored)).isEqualTo(BackupPhase.FAILED);
            assertThat(ready(stored).getReason()).isEqualTo("AmbientIdentityUnavailable");
            assertThat(stored.getStatus().error())
                    .startsWith("s3Credentials.inheritFromIAMRole takes the identity " + "of the cloud the pod runs in")
                    .contains("cairn.backup.ambient-identities=false");
            assertThat(events("ambient"))
                    .extracting(Event::getType, Event::getReason)
                    .contains(Tuple.tuple("Warning", "AmbientIdentityUnavailable"));
        });
    }

    @Test
    void theNewerOfTwoBackupsWaitsForTheOlderAndSaysSo() throws InterruptedException {
        cluster("pg", "", BARMAN);
        backup("older", "barmanObjectStore");
        await().atMost(TIMEOUT).until(() -> get(Backup.class, "older").getStatus() != null);
        Thread.sleep(1100); // creation timestamps have second precision
        backup("newer", "barmanObjectStore");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            Backup newer = get(Backup.class, "newer");
            assertThat(phase(newer)).isEqualTo(BackupPhase.PENDING);
            assertThat(ready(newer).getReason()).isEqualTo("WaitingForBackup");
            assertThat(ready(newer).getMessage()).startsWith("waiting for backup older (pending) of cluster pg");
            assertThat(events("newer")).anySatisfy(e -> {
                assertThat(e.getReason()).isEqualTo("WaitingForBackup");
                assertThat(e.getMessage()).contains("older");
            });
            assertThat(ready(get(Backup.class, "older")).getReason()).isEqualTo("FindingPod");
        });

        completeByHand("older");

        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(
                                ready(get(Backup.class, "newer")).getReason())
                        .isEqualTo("FindingPod"));
        assertThat(get(Backup.class, "older").getStatus().phase()).isEqualTo(BackupPhase.COMPLETED);
    }

    @Test
    void anExecutingBackupIsNotRegressedAndBlocksOlderPendingOnes() throws InterruptedException {
        cluster("pg", "", BARMAN);
        backup("first", "barmanObjectStore");
        await().atMost(TIMEOUT).until(() -> get(Backup.class, "first").getStatus() != null);
        Thread.sleep(1100);
        backup("second", "barmanObjectStore");
        await().atMost(TIMEOUT).until(() -> get(Backup.class, "second").getStatus() != null);

        patchStatus("second", "{\"status\":{\"phase\":\"running\"}}"); // as an instance manager would

        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(
                                ready(get(Backup.class, "first")).getMessage())
                        .startsWith("waiting for backup second (running)"));
        assertThat(get(Backup.class, "second").getStatus().phase()).isEqualTo(BackupPhase.RUNNING);
    }

    @Test
    void doneDisabledFailedAndPendingBackupsAreQuiet() throws InterruptedException {
        cluster("pg", "", BARMAN);
        backup("completed", "barmanObjectStore");
        backup("failed", "plugin");
        backup("orphan", "barmanObjectStore", "lost");
        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata:
                  name: disabled
                  annotations: {cnpg.io/reconciliationLoop: disabled}
                spec: {cluster: {name: pg}}
                """);
        await().atMost(TIMEOUT).until(() -> get(Backup.class, "completed").getStatus() != null);
        completeByHand("completed");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(phase(get(Backup.class, "failed"))).isEqualTo(BackupPhase.FAILED);
            assertThat(phase(get(Backup.class, "orphan"))).isEqualTo(BackupPhase.PENDING);
        });
        Map<String, String> versions = resourceVersions();
        Map<String, Long> eventCounts = eventCounts();

        Thread.sleep(Duration.ofSeconds(15).toMillis()); // beyond the 10s gate retry

        assertThat(resourceVersions()).isEqualTo(versions);
        assertThat(eventCounts()).isEqualTo(eventCounts);
        assertThat(get(Backup.class, "completed").getStatus().phase()).isEqualTo(BackupPhase.COMPLETED);
        assertThat(get(Backup.class, "disabled").getStatus()).isNull();
        assertThat(eventCounts)
                .containsEntry("failed", 1L)
                .containsEntry("orphan", 1L)
                .doesNotContainKey("disabled");
    }

    @Test
    void theRunningOperatorHasOneExecutorBeanPerMethodCheckedAtStartUp() {
        for (BackupMethod method : BackupMethod.values()) {
            assertThat(executors.forMethod(method).method()).isEqualTo(method);
        }
        assertThat(BackupMethodExecutors.class)
                .as("indexed (and refused if incomplete) when the application starts")
                .hasAnnotation(Startup.class);
    }

    @Test
    void phasesAndFailuresAreCounted() {
        cluster("pg", "", "");
        backup("refused", "barmanObjectStore");
        backup("orphan", "barmanObjectStore", "lost");
        await().atMost(TIMEOUT)
                .until(() -> get(Backup.class, "refused").getStatus() != null
                        && get(Backup.class, "orphan").getStatus() != null);

        String ns = "namespace=\"" + namespace.name() + "\"";
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(given().get("/q/metrics")
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString()
                                .lines()
                                .filter(line -> line.contains(ns))
                                .toList())
                        .anySatisfy(line -> assertThat(line)
                                .startsWith("cairn_backups_failed_total{")
                                .contains("cluster=\"pg\"", "method=\"barmanObjectStore\"")
                                .endsWith(" 1.0"))
                        .anySatisfy(line -> assertThat(line)
                                .startsWith("cairn_backup_phase{")
                                .contains("cluster=\"pg\"", "phase=\"failed\"")
                                .endsWith(" 1.0"))
                        .anySatisfy(line -> assertThat(line)
                                .startsWith("cairn_backup_phase{")
                                .contains("cluster=\"lost\"", "phase=\"pending\"")
                                .endsWith(" 1.0")));
    }

    private Map<String, String> resourceVersions() {
        return client.resources(Backup.class).inNamespace(namespace.name()).list().getItems().stream()
                .collect(Collectors.toMap(
                        b -> b.getMetadata().getName(), b -> b.getMetadata().getResourceVersion()));
    }

    /** The Backup's phase, or null before the reconciler wrote a status: awaited assertions keep polling then. */
    private static BackupPhase phase(Backup backup) {
        return backup.getStatus() == null ? null : backup.getStatus().phase();
    }

    /** Events about Backups (the Cluster's pods now run on the node, and it and the kubelet report on them). */
    private Map<String, Long> eventCounts() {
        return client.v1().events().inNamespace(namespace.name()).list().getItems().stream()
                .filter(e -> "Backup".equals(e.getInvolvedObject().getKind()))
                .collect(Collectors.groupingBy(e -> e.getInvolvedObject().getName(), Collectors.counting()));
    }

    private void completeByHand(String name) {
        patchStatus(name, "{\"status\":{\"phase\":\"completed\"}}");
    }

    private void patchStatus(String name, String patch) {
        client.resources(Backup.class)
                .inNamespace(namespace.name())
                .withName(name)
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private void cluster(String name, String metadata, String spec) {
        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: %s%s}
                spec:
                  instances: 1
                  storage: {size: 1Gi}
                %s""".formatted(name, metadata, spec));
    }

    private void backup(String name, String method) {
        backup(name, method, "pg");
    }

    private void backup(String name, String method, String cluster) {
        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: %s}
                spec: {cluster: {name: %s}, method: %s%s}
                """.formatted(
                        name,
                        cluster,
                        method,
                        method.equals(BackupMethod.PLUGIN.value())
                                ? ", pluginConfiguration: {name: barman-cloud.cloudnative-pg.io}"
                                : ""));
    }

    private HasMetadata create(String yaml) {
        HasMetadata resource = Serialization.unmarshal(yaml);
        return client.resource(resource).inNamespace(namespace.name()).create();
    }

    private <T extends HasMetadata> T get(Class<T> type, String name) {
        return client.resources(type)
                .inNamespace(namespace.name())
                .withName(name)
                .get();
    }

    private List<Event> events(String involvedName) {
        return client.v1().events().inNamespace(namespace.name()).list().getItems().stream()
                .filter(e -> involvedName.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private static Condition ready(Backup backup) {
        assertThat(backup.getStatus())
                .as("status of " + backup.getMetadata().getName())
                .isNotNull();
        assertThat(backup.getStatus().conditions())
                .as("conditions of " + backup.getMetadata().getName())
                .isNotNull();
        return backup.getStatus().conditions().stream()
                .filter(c -> c.getType().equals("Ready"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Ready condition in " + backup.getStatus()));
    }
}
