package io.cairn.controller.cluster;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.DataSource;
import io.cairn.api.v1.TypedLocalObjectReference;
import io.cairn.backup.volumesnapshot.SnapshotObjects;
import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.api.InstanceEnvironmentVariables;
import io.cairn.instance.api.InstanceJson;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * CloudNativePG's reuse of snapshot backups for scale-up: a new replica's claims are created from the newest completed
 * volumeSnapshot Backup of its Cluster, instead of filled by pg_basebackup from the primary, when the Cluster archives
 * WAL (the replica replays from the archive what the primary wrote since), the Backup was taken of this Cluster (after
 * its creation) and its snapshots still exist and are ready. Otherwise the replica joins with pg_basebackup, as
 * before. Pure.
 *
 * <p>The claim records the snapshot in its annotations; every pod made for the instance gets it as
 * {@code CAIRN_REPLICA_SNAPSHOT}, so the instance manager prepares the restored data as a standby once, whatever the
 * order in which the pod and the shared configuration reach the node.
 */
final class ReplicaSnapshots {

    static final String SNAPSHOT_ANNOTATION = "cairn.io/replicaSnapshot";
    static final String BACKUP_ANNOTATION = "cairn.io/replicaSnapshotBackup";
    static final String BACKUP_LABEL_ANNOTATION = "cairn.io/replicaSnapshotBackupLabel";
    static final String TABLESPACE_MAP_ANNOTATION = "cairn.io/replicaSnapshotTablespaceMap";

    private ReplicaSnapshots() {}

    /**
     * The snapshots a new replica's claims are created from.
     *
     * @param backup the Backup the snapshots belong to
     * @param annotations what the data claim records of them
     */
    record Chosen(String backup, RecoverySource.ClaimSources claims, Map<String, String> annotations) {}

    /**
     * @param backups the Backups in the Cluster's namespace
     * @param snapshots the VolumeSnapshot of that name in the Cluster's namespace, or null
     */
    static Optional<Chosen> choose(
            Cluster cluster, Collection<Backup> backups, Function<String, RecoverySource.RecoverySnapshot> snapshots) {
        if (ClusterResources.barmanObjectStore(cluster) == null) {
            return Optional.empty();
        }
        Instant clusterCreated = instant(cluster.getMetadata().getCreationTimestamp());
        Optional<Backup> newest = backups.stream()
                .filter(b -> cluster.getMetadata()
                        .getName()
                        .equals(b.getSpec().cluster().name()))
                .filter(b -> RecoverySource.snapshotsOf(b) != null)
                .filter(b -> takenSince(b, clusterCreated))
                .max(Comparator.comparing(ReplicaSnapshots::stoppedAt));
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        DataSource sources = RecoverySource.snapshotsOf(newest.get());
        boolean walStorage = cluster.getSpec().walStorage() != null;
        if ((sources.walStorage() != null) != walStorage
                || (sources.tablespaceStorage() != null
                        && !sources.tablespaceStorage().isEmpty())) {
            return Optional.empty(); // another volume layout than the Cluster's
        }
        RecoverySource.RecoverySnapshot data = ready(sources.storage(), snapshots);
        RecoverySource.RecoverySnapshot wal = walStorage ? ready(sources.walStorage(), snapshots) : null;
        if (data == null || (walStorage && wal == null)) {
            return Optional.empty();
        }
        Map<String, String> snapshotAnnotations = data.annotations() == null ? Map.of() : data.annotations();
        boolean online = "true".equals(snapshotAnnotations.get(SnapshotObjects.ONLINE_ANNOTATION));
        String backupLabel = snapshotAnnotations.get(SnapshotObjects.BACKUP_LABEL_FILE);
        if (online && (backupLabel == null || backupLabel.isEmpty())) {
            return Optional.empty();
        }
        Map<String, String> annotations = new HashMap<>();
        annotations.put(SNAPSHOT_ANNOTATION, data.name());
        annotations.put(BACKUP_ANNOTATION, newest.get().getMetadata().getName());
        if (online) {
            annotations.put(BACKUP_LABEL_ANNOTATION, backupLabel);
            String tablespaceMap = snapshotAnnotations.get(SnapshotObjects.TABLESPACE_MAP_FILE);
            if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
                annotations.put(TABLESPACE_MAP_ANNOTATION, tablespaceMap);
            }
        }
        return Optional.of(new Chosen(
                newest.get().getMetadata().getName(),
                new RecoverySource.ClaimSources(claimSource(data), wal == null ? null : claimSource(wal)),
                Map.copyOf(annotations)));
    }

    /** The data claim recording the snapshot it is created from. */
    static PersistentVolumeClaim annotated(PersistentVolumeClaim claim, Map<String, String> annotations) {
        return new PersistentVolumeClaimBuilder(claim)
                .editMetadata()
                .addToAnnotations(annotations)
                .endMetadata()
                .build();
    }

    /** What the instance manager needs of the snapshot a replica's data claim was created from; empty for others. */
    static Optional<InstanceConfig.SnapshotBase> base(Cluster cluster, String instance, PersistentVolumeClaim claim) {
        Map<String, String> annotations =
                claim == null ? null : claim.getMetadata().getAnnotations();
        if (annotations == null || !annotations.containsKey(SNAPSHOT_ANNOTATION)) {
            return Optional.empty();
        }
        String clusterId = cluster.getMetadata().getUid() != null
                ? cluster.getMetadata().getUid()
                : cluster.getMetadata().getNamespace() + "/"
                        + cluster.getMetadata().getName();
        return Optional.of(new InstanceConfig.SnapshotBase(
                clusterId + "/" + instance,
                instance,
                annotations.get(SNAPSHOT_ANNOTATION),
                decoded(annotations.get(BACKUP_LABEL_ANNOTATION)),
                decoded(annotations.get(TABLESPACE_MAP_ANNOTATION))));
    }

    /** The pod with {@code CAIRN_REPLICA_SNAPSHOT} for its instance manager. */
    static Pod withReplicaSnapshot(Pod pod, InstanceConfig.SnapshotBase base) {
        Pod copy = new PodBuilder(pod).build();
        copy.getSpec()
                .getContainers()
                .get(0)
                .getEnv()
                .add(new EnvVar(InstanceEnvironmentVariables.REPLICA_SNAPSHOT, json(base), null));
        return copy;
    }

    private static RecoverySource.RecoverySnapshot ready(
            TypedLocalObjectReference reference, Function<String, RecoverySource.RecoverySnapshot> snapshots) {
        RecoverySource.RecoverySnapshot snapshot = snapshots.apply(reference.name());
        return snapshot != null && snapshot.readyToUse() ? snapshot : null;
    }

    private static RecoverySource.ClaimSource claimSource(RecoverySource.RecoverySnapshot snapshot) {
        return new RecoverySource.ClaimSource(
                new TypedLocalObjectReference(SnapshotObjects.GROUP, SnapshotObjects.KIND, snapshot.name()),
                snapshot.restoreSize());
    }

    /** A Backup of an earlier Cluster of the same name is not this Cluster's. */
    private static boolean takenSince(Backup backup, Instant clusterCreated) {
        Instant created = instant(backup.getMetadata().getCreationTimestamp());
        return clusterCreated == null || (created != null && !created.isBefore(clusterCreated));
    }

    private static Instant stoppedAt(Backup backup) {
        BackupStatus status = backup.getStatus();
        if (status.stoppedAt() != null) {
            return status.stoppedAt();
        }
        Instant created = instant(backup.getMetadata().getCreationTimestamp());
        return created == null ? Instant.EPOCH : created;
    }

    private static Instant instant(String timestamp) {
        return timestamp == null || timestamp.isEmpty() ? null : Instant.parse(timestamp);
    }

    private static String decoded(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return null;
        }
        return new String(Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String json(InstanceConfig.SnapshotBase base) {
        try {
            return InstanceJson.MAPPER.writeValueAsString(base);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
