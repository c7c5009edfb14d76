package io.cairn.backup.volumesnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.Cluster;
import io.cairn.instance.api.ControlData;
import io.cairn.instance.api.client.FakeInstanceClient;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The VolumeSnapshot of each claim, as CloudNativePG makes it (spec 2.7 and 1.7). */
class SnapshotObjectsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final ControlData CONTROL_DATA = new ControlData(FakeInstanceClient.CONTROLDATA);

    @ParameterizedTest(name = "{1} {2} -> {3}")
    @CsvSource(
            nullValues = "-",
            value = {
                "nightly, PG_DATA,       -,          nightly",
                "nightly, PG_WAL,        -,          nightly-wal",
                "nightly, PG_TABLESPACE, Archive_2,  nightly-tbs-archive-2",
            })
    void snapshotsAreNamedAfterTheBackupAndTheClaimsRole(
            String backup, SnapshotRole role, String tablespace, String expected) {
        assertThat(SnapshotObjects.name(backup, role, tablespace)).isEqualTo(expected);
    }

    @Test
    void aDataSnapshotCarriesTheClaimsAndTheConfiguredMetadataAndTheBackupsOwn() {
        Cluster cluster = VolumeSnapshotExecutorTest.cluster("""
                    labels: {team: db}
                    annotations: {note: nightly}
                    snapshotOwnerReference: cluster
                """);
        InstanceClaim claim = new InstanceClaim(
                "pg-1",
                SnapshotRole.PG_DATA,
                null,
                Map.of(
                        "cnpg.io/cluster",
                        "pg",
                        "cnpg.io/instanceName",
                        "pg-1",
                        "cnpg.io/pvcRole",
                        "PG_DATA",
                        "role",
                        "primary"),
                Map.of("volume.kubernetes.io/storage-provisioner", "hostpath.csi.k8s.io"));

        GenericKubernetesResource snapshot = snapshot(cluster, claim);

        assertThat(snapshot.getApiVersion()).isEqualTo("snapshot.storage.k8s.io/v1");
        assertThat(snapshot.getKind()).isEqualTo("VolumeSnapshot");
        assertThat(snapshot.getMetadata().getName()).isEqualTo("b");
        assertThat(snapshot.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(snapshot.getMetadata().getLabels())
                .containsEntry("cnpg.io/cluster", "pg")
                .containsEntry("cnpg.io/backupName", "b")
                .containsEntry("cnpg.io/majorVersion", "16")
                .containsEntry("cnpg.io/backupTimeline", "1")
                .containsEntry("cnpg.io/backupDate", "20261125")
                .containsEntry("cnpg.io/backupMonth", "202611")
                .containsEntry("cnpg.io/backupYear", "2026")
                .containsEntry("team", "db")
                .doesNotContainKeys("cnpg.io/instanceName", "cnpg.io/pvcRole", "role");
        assertThat(snapshot.getMetadata().getAnnotations())
                .containsEntry("cnpg.io/instanceName", "pg-1")
                .containsEntry("cnpg.io/pvcRole", "PG_DATA")
                .containsEntry("role", "primary")
                .containsEntry("note", "nightly")
                .containsEntry("volume.kubernetes.io/storage-provisioner", "hostpath.csi.k8s.io")
                .containsEntry("cnpg.io/backupStartWAL", "000000010000000000000005")
                .containsEntry("cnpg.io/backupEndWAL", "000000010000000000000005")
                .containsEntry("cnpg.io/onlineBackup", "true")
                .containsEntry("cnpg.io/pgControldata", FakeInstanceClient.CONTROLDATA)
                .containsKey("cnpg.io/clusterManifest");
        assertThat(snapshot.getAdditionalProperties().get("spec"))
                .isEqualTo(Map.of(
                        "source",
                        Map.of("persistentVolumeClaimName", "pg-1"),
                        "volumeSnapshotClassName",
                        "csi-hostpath-snapclass"));
        assertThat(snapshot.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Cluster");
            assertThat(owner.getUid()).isEqualTo("cu1");
            assertThat(owner.getController()).isTrue();
        });
    }

    @Test
    void theWalClaimTakesTheWalClassAndByDefaultNoOwner() {
        Cluster cluster = VolumeSnapshotExecutorTest.cluster("    walClassName: wal-class\n");

        GenericKubernetesResource snapshot =
                snapshot(cluster, new InstanceClaim("pg-1-wal", SnapshotRole.PG_WAL, null, Map.of(), null));

        assertThat(snapshot.getMetadata().getName()).isEqualTo("b-wal");
        assertThat(snapshot.getAdditionalProperties().get("spec"))
                .isEqualTo(Map.of(
                        "source",
                        Map.of("persistentVolumeClaimName", "pg-1-wal"),
                        "volumeSnapshotClassName",
                        "wal-class"));
        assertThat(snapshot.getMetadata().getAnnotations()).containsEntry("cnpg.io/pvcRole", "PG_WAL");
        assertThat(snapshot.getMetadata().getOwnerReferences()).isEmpty();
    }

    @Test
    void theBackupOwnsItsSnapshotsWhenConfiguredSo() {
        Cluster cluster = VolumeSnapshotExecutorTest.cluster("    snapshotOwnerReference: backup\n");

        GenericKubernetesResource snapshot =
                snapshot(cluster, new InstanceClaim("pg-1", SnapshotRole.PG_DATA, null, Map.of(), Map.of()));

        assertThat(snapshot.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Backup");
            assertThat(owner.getName()).isEqualTo("b");
            assertThat(owner.getUid()).isEqualTo("u1");
        });
    }

    private static GenericKubernetesResource snapshot(Cluster cluster, InstanceClaim claim) {
        Backup backup = VolumeSnapshotExecutorTest.backup("");
        return SnapshotObjects.snapshot(
                backup, cluster, claim, SnapshotBackupSettings.of(backup, cluster), CONTROL_DATA, 16, NOW);
    }
}
