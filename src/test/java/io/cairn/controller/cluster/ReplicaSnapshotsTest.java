package io.cairn.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.Cluster;
import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.api.InstanceEnvironmentVariables;
import io.cairn.instance.api.InstanceJson;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CloudNativePG's reuse of snapshot backups for scale-up, decided without an API server. */
class ReplicaSnapshotsTest {

    private static final String LABEL = "START WAL LOCATION: 0/5000028 (file 000000010000000000000005)\n";
    private static final String ARCHIVE = """
            backup:
              barmanObjectStore:
                destinationPath: s3://backups/
                s3Credentials: {inheritFromIAMRole: true}
            """;

    private static final ClusterInstanceSettings SETTINGS =
            new ClusterResourcesTest().settings(java.time.Duration.ofSeconds(2));

    private final Map<String, RecoverySource.RecoverySnapshot> snapshots = new HashMap<>();
    private final List<Backup> backups = new ArrayList<>();

    @Test
    void aNewReplicaIsCreatedFromTheNewestCompletedSnapshotBackupOfItsCluster() {
        backup("older", "pg", "2026-12-07T10:00:00Z", "2026-12-07T10:05:00Z", false);
        backup("newest", "pg", "2026-12-07T11:00:00Z", "2026-12-07T11:05:00Z", false);
        backup("other-cluster", "other", "2026-12-07T12:00:00Z", "2026-12-07T12:05:00Z", false);

        ReplicaSnapshots.Chosen chosen = choose(cluster(ARCHIVE)).orElseThrow();

        assertThat(chosen.backup()).isEqualTo("newest");
        assertThat(chosen.claims().data().reference().name()).isEqualTo("newest");
        assertThat(chosen.claims().data().restoreSize()).isEqualTo(new Quantity("2Gi"));
        assertThat(chosen.claims().wal()).isNull();
        assertThat(chosen.annotations())
                .containsEntry(ReplicaSnapshots.SNAPSHOT_ANNOTATION, "newest")
                .containsEntry(ReplicaSnapshots.BACKUP_ANNOTATION, "newest")
                .doesNotContainKey(ReplicaSnapshots.BACKUP_LABEL_ANNOTATION);
    }

    @Test
    void withoutAWalArchiveTheReplicaJoinsWithPgBasebackup() {
        backup("newest", "pg", "2026-12-07T11:00:00Z", "2026-12-07T11:05:00Z", false);

        assertThat(choose(cluster(""))).isEmpty();
    }

    @Test
    void aBackupTakenBeforeTheClusterWasCreatedIsAnEarlierClustersOfTheSameName() {
        backup("before", "pg", "2026-12-06T23:00:00Z", "2026-12-06T23:05:00Z", false);

        assertThat(choose(cluster(ARCHIVE))).isEmpty();
    }

    @Test
    void snapshotsThatAreGoneOrNotReadyAreNotUsed() {
        backup("newest", "pg", "2026-12-07T11:00:00Z", "2026-12-07T11:05:00Z", false);
        snapshots.remove("newest");
        assertThat(choose(cluster(ARCHIVE))).isEmpty();

        snapshots.put("newest", new RecoverySource.RecoverySnapshot("newest", false, null, null, Map.of()));
        assertThat(choose(cluster(ARCHIVE))).isEmpty();
    }

    @Test
    void theBackupsVolumesMustBeTheClustersOnes() {
        backup("newest", "pg", "2026-12-07T11:00:00Z", "2026-12-07T11:05:00Z", false);

        assertThat(choose(cluster(ARCHIVE + "walStorage: {size: 1Gi}\n")))
                .as("the Cluster has a WAL volume, the backup none")
                .isEmpty();
    }

    @Test
    void aWalVolumeIsRestoredFromTheBackupsWalSnapshot() {
        backup("newest", "pg", "2026-12-07T11:00:00Z", "2026-12-07T11:05:00Z", true);

        ReplicaSnapshots.Chosen chosen =
                choose(cluster(ARCHIVE + "walStorage: {size: 1Gi}\n")).orElseThrow();

        assertThat(chosen.claims().wal().reference().name()).isEqualTo("newest-wal");
    }

    @Test
    void aHotSnapshotsBackupLabelGoesFromTheClaimToTheInstanceManager() {
        backup("hot", "pg", "2026-12-07T11:00:00Z", "2026-12-07T11:05:00Z", false);
        String encoded = Base64.getEncoder().encodeToString(LABEL.getBytes(StandardCharsets.UTF_8));
        snapshots.put(
                "hot",
                new RecoverySource.RecoverySnapshot(
                        "hot",
                        true,
                        null,
                        null,
                        Map.of("cnpg.io/onlineBackup", "true", "cnpg.io/backupLabelFile", encoded)));
        Cluster cluster = cluster(ARCHIVE);
        ReplicaSnapshots.Chosen chosen = choose(cluster).orElseThrow();

        PersistentVolumeClaim claim = ReplicaSnapshots.annotated(
                InstanceClaims.dataClaim(cluster, "pg-3", chosen.claims().data()), chosen.annotations());
        InstanceConfig.SnapshotBase base =
                ReplicaSnapshots.base(cluster, "pg-3", claim).orElseThrow();
        Pod pod = ReplicaSnapshots.withReplicaSnapshot(InstancePods.pod(cluster, "pg-3", false, SETTINGS), base);

        assertThat(claim.getSpec().getDataSource().getName()).isEqualTo("hot");
        assertThat(base).isEqualTo(new InstanceConfig.SnapshotBase("u1/pg-3", "pg-3", "hot", LABEL, null));
        assertThat(pod.getSpec().getContainers().get(0).getEnv())
                .filteredOn(env -> env.getName().equals(InstanceEnvironmentVariables.REPLICA_SNAPSHOT))
                .singleElement()
                .satisfies(env -> assertThat(
                                InstanceJson.MAPPER.readValue(env.getValue(), InstanceConfig.SnapshotBase.class))
                        .isEqualTo(base));
    }

    @Test
    void aHotSnapshotWithoutItsBackupLabelIsNotUsed() {
        backup("hot", "pg", "2026-12-07T11:00:00Z", "2026-12-07T11:05:00Z", false);
        snapshots.put(
                "hot",
                new RecoverySource.RecoverySnapshot("hot", true, null, null, Map.of("cnpg.io/onlineBackup", "true")));

        assertThat(choose(cluster(ARCHIVE))).isEmpty();
    }

    @Test
    void aClaimNotMadeFromASnapshotGivesNoBase() {
        Cluster cluster = cluster(ARCHIVE);

        assertThat(ReplicaSnapshots.base(cluster, "pg-2", InstanceClaims.dataClaim(cluster, "pg-2")))
                .isEmpty();
    }

    private Optional<ReplicaSnapshots.Chosen> choose(Cluster cluster) {
        return ReplicaSnapshots.choose(cluster, backups, snapshots::get);
    }

    /** A completed cold volumeSnapshot Backup, its snapshots ready. */
    private void backup(String name, String cluster, String created, String stopped, boolean wal) {
        backups.add(Serialization.unmarshal(
                """
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: %s, namespace: db, creationTimestamp: "%s"}
                spec: {cluster: {name: %s}, method: volumeSnapshot}
                status:
                  phase: completed
                  method: volumeSnapshot
                  online: false
                  stoppedAt: "%s"
                  snapshotBackupStatus:
                    elements:
                      - {name: %s, type: PG_DATA}
                %s""".formatted(
                                name,
                                created,
                                cluster,
                                stopped,
                                name,
                                wal ? "      - {name: " + name + "-wal, type: PG_WAL}\n" : ""),
                Backup.class));
        snapshots.put(
                name,
                new RecoverySource.RecoverySnapshot(
                        name, true, null, new Quantity("2Gi"), Map.of("cnpg.io/onlineBackup", "false")));
        if (wal) {
            snapshots.put(
                    name + "-wal", new RecoverySource.RecoverySnapshot(name + "-wal", true, null, null, Map.of()));
        }
    }

    private static Cluster cluster(String spec) {
        return Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg, namespace: db, uid: u1, creationTimestamp: "2026-12-07T00:00:00Z"}
                spec:
                  instances: 3
                %s""".formatted(spec.indent(2)), Cluster.class);
    }
}
