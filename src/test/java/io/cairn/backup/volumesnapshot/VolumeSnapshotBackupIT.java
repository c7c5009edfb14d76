package io.cairn.backup.volumesnapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupSnapshotElementStatus;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.Cluster;
import io.cairn.testing.CnpgReference;
import io.cairn.testing.LocalControlPlaneResource;
import io.cairn.testing.LocalRuntimeFixture;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * volumeSnapshot backups end to end on real parts: the operator in this JVM, the local runtime's control plane and
 * real node with the CSI hostpath driver, the external snapshotter and its VolumeSnapshot CRDs (StorageClass
 * {@code csi-hostpath-sc}, VolumeSnapshotClass {@code csi-hostpath-snapclass}, CloudNativePG's e2e names), the
 * instance pods running PostgreSQL 15, and S3Proxy for the WAL archive. A hot backup of CloudNativePG's 3-instance
 * sample Cluster and a cold backup of a standby both complete with every status field, their snapshots ready to use, nothing left fenced; a
 * replica added later is created from the cold backup's snapshots and catches up.
 */
@QuarkusTest
@QuarkusTestResource(LocalControlPlaneResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VolumeSnapshotBackupIT {

    private static final String BUCKET = "backups";
    private static final Duration STARTUP = Duration.ofSeconds(300);
    private static final Duration BACKUP = Duration.ofSeconds(240);

    @Inject
    KubernetesClient client;

    @RegisterExtension
    static final LocalRuntimeFixture runtime =
            LocalRuntimeFixture.perTestClass("snapshot", BUCKET).withS3Secret("s3-creds");

    @Test
    @Order(10)
    void cloudNativePgsSamplesTakeAHotBackupOfAThreeInstanceClusterOnAStandbyWithEveryStatusField() throws IOException {
        Backup sample = Serialization.unmarshal(
                Files.readString(CnpgReference.root().resolve("samples/backup-with-volume-snapshot.yaml")),
                Backup.class);
        String cluster = sample.getSpec().cluster().name();
        // the sample Cluster (3 instances, a WAL volume, the snapshot class) pointed at this test's object store
        runtime.createCluster(runtime.pointedAtTheObjectStore(
                Files.readString(CnpgReference.root().resolve("samples/cluster-example-with-volume-snapshot.yaml")),
                "s3-creds"));
        runtime.awaitHealthy(cluster, 3, STARTUP);
        Instant before = Instant.now().minusSeconds(1);
        client.resource(sample).inNamespace(ns()).create();
        String name = sample.getMetadata().getName();

        BackupStatus status = awaitPhase(name, BackupPhase.COMPLETED).getStatus();

        assertThat(status.method().value()).isEqualTo("volumeSnapshot");
        assertThat(status.online()).isTrue();
        assertThat(status.instanceID().podName())
                .as("prefer-standby: a standby is the target")
                .isIn(cluster + "-2", cluster + "-3");
        assertThat(status.instanceID().containerID()).isNotBlank();
        assertThat(status.backupId()).isEqualTo(name);
        assertThat(status.backupName()).isEqualTo(name);
        assertThat(status.startedAt()).isAfterOrEqualTo(before.truncatedTo(ChronoUnit.SECONDS));
        assertThat(status.stoppedAt()).isAfterOrEqualTo(status.startedAt());
        assertThat(status.reconciliationStartedAt()).isEqualTo(status.startedAt());
        assertThat(status.reconciliationTerminatedAt()).isNotNull();
        assertThat(status.beginWal()).matches("[0-9A-F]{24}");
        assertThat(status.endWal()).isEqualTo(status.beginWal());
        assertThat(status.beginLSN()).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(status.endLSN()).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(new String(Base64.getDecoder().decode(status.backupLabelFile()), StandardCharsets.UTF_8))
                .contains("LABEL: " + name, "START WAL LOCATION: " + status.beginLSN());
        assertThat(status.majorVersion()).isEqualTo(15);
        assertThat(status.error()).isNull();
        assertThat(status.snapshotBackupStatus().elements())
                .containsExactly(
                        new BackupSnapshotElementStatus(name, "PG_DATA", null),
                        new BackupSnapshotElementStatus(name + "-wal", "PG_WAL", null));
        for (BackupSnapshotElementStatus element : status.snapshotBackupStatus().elements()) {
            GenericKubernetesResource snapshot = snapshot(element.name());
            assertThat(statusOf(snapshot).get("readyToUse")).as(element.name()).isEqualTo(true);
            assertThat(snapshot.getMetadata().getLabels())
                    .containsEntry("cnpg.io/backupName", name)
                    .containsEntry("cnpg.io/cluster", cluster);
            assertThat(snapshot.getMetadata().getAnnotations())
                    .containsKeys("cnpg.io/backupEndTime", "cnpg.io/snapshotEndTime", "cnpg.io/pgControldata")
                    .containsEntry("cnpg.io/onlineBackup", "true")
                    .containsEntry("cnpg.io/pvcRole", element.type());
            assertThat(snapshot.getAdditionalProperties().get("spec"))
                    .asString()
                    .contains("csi-hostpath-snapclass");
        }
        assertThat(runtime.events(name))
                .extracting(Event::getReason)
                .contains("Starting", "CreateSnapshot", "Completed");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Cluster stored = runtime.cluster(cluster);
            assertThat(stored.getStatus().lastSuccessfulBackupByMethod()).containsKey("volumeSnapshot");
            assertThat(stored.getStatus().firstRecoverabilityPointByMethod()).containsKey("volumeSnapshot");
        });
    }

    @Test
    @Order(20)
    void aColdBackupOfAStandbyFencesItOnlyForTheSnapshotAndThePrimaryKeepsServing() {
        createCluster("duo", 2);
        runtime.awaitHealthy("duo", 2, STARTUP);
        client.resource(Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: cold, annotations: {cnpg.io/volumeSnapshotDeadline: "5"}}
                spec: {method: volumeSnapshot, cluster: {name: duo}, online: false}
                """, Backup.class))
                .inNamespace(ns())
                .create();

        await("the standby fenced")
                .atMost(BACKUP)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> fenced("duo").contains("duo-2"));
        Instant fencedAt = Instant.now();
        assertThat(runtime.pod("duo-1").getStatus().getConditions())
                .as("the primary stays Ready")
                .anySatisfy(c -> assertThat(c.getType() + c.getStatus()).isEqualTo("ReadyTrue"));
        await("the fence lifted")
                .atMost(BACKUP)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !fenced("duo").contains("duo-2"));
        System.out.printf(
                "[snapshot IT] fence window of duo-2 as seen on the Cluster: %d ms%n",
                Duration.between(fencedAt, Instant.now()).toMillis());

        BackupStatus status = awaitPhase("cold", BackupPhase.COMPLETED).getStatus();

        assertThat(status.online()).isFalse();
        assertThat(status.instanceID().podName()).isEqualTo("duo-2");
        assertThat(status.beginLSN()).matches("[0-9A-F]+/[0-9A-F]+").isEqualTo(status.endLSN());
        assertThat(status.beginWal()).matches("[0-9A-F]{24}");
        assertThat(status.backupLabelFile()).isNull();
        assertThat(status.snapshotBackupStatus().elements())
                .extracting(BackupSnapshotElementStatus::name)
                .containsExactly("cold", "cold-wal");
        assertThat(statusOf(snapshot("cold")).get("readyToUse")).isEqualTo(true);
        assertThat(snapshot("cold").getMetadata().getAnnotations()).containsEntry("cnpg.io/onlineBackup", "false");
        assertThat(runtime.events("cold")).extracting(Event::getReason).contains("FencePod", "UnfencePod", "Completed");
        assertThat(fenced("duo")).isEmpty();
        runtime.awaitHealthy("duo", 2, STARTUP);
    }

    /** CloudNativePG's "scale up the cluster with volume snapshot" (its e2e), after the cold backup above. */
    @Test
    @Order(25)
    void aNewReplicaIsCreatedFromTheNewestSnapshotBackupAndCatchesUpWithThePrimary() {
        runtime.sql("duo", "duo-1", "CREATE TABLE after_snapshot AS SELECT generate_series(1, 1000) AS n");

        client.resources(Cluster.class)
                .inNamespace(ns())
                .withName("duo")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"instances\":3}}");
        runtime.awaitHealthy("duo", 3, STARTUP);

        PersistentVolumeClaim data = client.persistentVolumeClaims()
                .inNamespace(ns())
                .withName("duo-3")
                .get();
        PersistentVolumeClaim wal = client.persistentVolumeClaims()
                .inNamespace(ns())
                .withName("duo-3-wal")
                .get();
        assertThat(data.getSpec().getDataSource().getKind()).isEqualTo("VolumeSnapshot");
        assertThat(data.getSpec().getDataSource().getName()).isEqualTo("cold");
        assertThat(wal.getSpec().getDataSource().getName()).isEqualTo("cold-wal");
        assertThat(runtime.events("duo"))
                .anySatisfy(e -> assertThat(e.getReason() + ": " + e.getMessage())
                        .isEqualTo("InstanceFromSnapshot: Instance duo-3 is created from the VolumeSnapshots of "
                                + "Backup cold and catches up from the WAL archive"));
        await("rows written after the snapshot on the new replica")
                .atMost(BACKUP)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> runtime.sql("duo", "duo-3", "SELECT count(*) FROM after_snapshot")
                        .strip()
                        .equals("1000"));
        assertThat(runtime.sql("duo", "duo-3", "SELECT pg_is_in_recovery()").strip())
                .as("the new instance is a standby")
                .isEqualTo("t");
    }

    @Test
    @Order(30)
    void anUnknownSnapshotClassFailsAtTheDeadlineAndLeavesNoSnapshotWithoutAnOwner() {
        client.resource(Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: no-class, annotations: {cnpg.io/volumeSnapshotDeadline: "1"}}
                spec: {method: volumeSnapshot, cluster: {name: missing-class}, online: false}
                """, Backup.class))
                .inNamespace(ns())
                .create();
        createCluster("missing-class", 1, "no-such-class");
        runtime.awaitHealthy("missing-class", 1, STARTUP);

        Backup failed = awaitPhase("no-class", BackupPhase.FAILED);

        assertThat(failed.getStatus().error()).startsWith("can't execute snapshot backup: deadline exceeded");
        assertThat(runtime.events("no-class")).anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("Error");
        });
        assertThat(fenced("missing-class")).isEmpty();
        assertThat(snapshots("no-class"))
                .isNotEmpty()
                .allSatisfy(snapshot -> assertThat(snapshot.getMetadata().getOwnerReferences())
                        .singleElement()
                        .satisfies(owner -> assertThat(owner.getName()).isEqualTo("no-class")));
        runtime.awaitHealthy("missing-class", 1, STARTUP);
    }

    /**
     * A cold Backup deleted while it holds its target fenced never runs again to lift the fence: the Cluster
     * reconciler lifts it. The unknown snapshot class keeps this backup fenced until its 10-minute deadline.
     */
    @Test
    @Order(40)
    void aColdBackupDeletedWhileItHoldsTheFenceLeavesNoInstanceFenced() {
        client.resource(Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: deleted-while-fenced, annotations: {cnpg.io/volumeSnapshotDeadline: "10"}}
                spec: {method: volumeSnapshot, cluster: {name: missing-class}, online: false}
                """, Backup.class))
                .inNamespace(ns())
                .create();
        await("the instance fenced")
                .atMost(BACKUP)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> fenced("missing-class").contains("missing-class-1"));

        client.resources(Backup.class)
                .inNamespace(ns())
                .withName("deleted-while-fenced")
                .delete();

        await("the fence lifted")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> fenced("missing-class").isEmpty());
        assertThat(runtime.events("missing-class"))
                .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("FenceReleased"));
        runtime.awaitHealthy("missing-class", 1, STARTUP);
    }

    // ---- helpers

    private String ns() {
        return runtime.ns();
    }

    private void createCluster(String name, int instances) {
        createCluster(name, instances, "csi-hostpath-snapclass");
    }

    private void createCluster(String name, int instances, String snapshotClass) {
        runtime.createClusterWithObjectStore(
                "csi-hostpath-sc", name, instances, "s3-creds", "volumeSnapshot: {className: " + snapshotClass + "}");
    }

    private Backup awaitPhase(String name, BackupPhase phase) {
        return runtime.awaitBackupPhase(name, phase, BACKUP);
    }

    private List<String> fenced(String cluster) {
        return SnapshotProbe.fenced(runtime.cluster(cluster));
    }

    private GenericKubernetesResource snapshot(String name) {
        return client.genericKubernetesResources(KubernetesSnapshotResources.VOLUME_SNAPSHOTS)
                .inNamespace(ns())
                .withName(name)
                .get();
    }

    private List<GenericKubernetesResource> snapshots(String backup) {
        return SnapshotProbe.snapshots(client, ns(), backup);
    }

    private static Map<?, ?> statusOf(GenericKubernetesResource snapshot) {
        Object status = snapshot.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map ? map : Map.of();
    }
}
