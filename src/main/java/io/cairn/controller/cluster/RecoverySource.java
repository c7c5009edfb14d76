package io.cairn.controller.cluster;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupSnapshotElementStatus;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.BootstrapRecovery;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.DataSource;
import io.cairn.api.v1.ExternalCluster;
import io.cairn.api.v1.RecoveryTarget;
import io.cairn.api.v1.SecretKeySelector;
import io.cairn.api.v1.TypedLocalObjectReference;
import io.cairn.backup.volumesnapshot.SnapshotObjects;
import io.cairn.backup.volumesnapshot.SnapshotState;
import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.api.InstanceEnvironmentVariables;
import io.cairn.instance.api.RecoveryTargetTime;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where a Cluster with {@code bootstrap.recovery} recovers from: the object store, server name and backup of a
 * completed {@code Backup} ({@code backup.name}, rebuilt from its status) or of an {@code externalClusters} entry
 * ({@code source}), with the recovery target mapped to PostgreSQL settings. Pure: the Backup comes from a lookup.
 * The source's credentials reach the first instance as {@code CAIRN_RECOVERY_*} variables, apart from the
 * cluster's own archive credentials (Azure keys too, and the source's endpointCA as a file; Google credentials are
 * not passed yet).
 */
public final class RecoverySource {

    private RecoverySource() {}

    /** The outcome: a source to recover from, or why the Cluster waits. */
    public sealed interface Resolution permits Resolved, Waiting {}

    /**
     * @param recovery the instance configuration's {@code bootstrap.recovery}
     * @param claims what the first instance's claims are created from; null when it recovers from an object store
     */
    public record Resolved(InstanceConfig.Recovery recovery, ClaimSources claims) implements Resolution {

        public Resolved(InstanceConfig.Recovery recovery) {
            this(recovery, null);
        }
    }

    /**
     * The sources of the first instance's claims ({@code dataSource}), with the least size each must have.
     *
     * @param wal null without a WAL volume to restore
     */
    public record ClaimSources(ClaimSource data, ClaimSource wal) {}

    /** @param restoreSize the snapshot's {@code status.restoreSize}; null when unknown */
    public record ClaimSource(TypedLocalObjectReference reference, Quantity restoreSize) {}

    /**
     * What recovery reads of a VolumeSnapshot.
     *
     * @param error the snapshot's {@code status.error.message}, if any
     */
    public record RecoverySnapshot(
            String name, boolean readyToUse, String error, Quantity restoreSize, Map<String, String> annotations) {

        public static RecoverySnapshot of(GenericKubernetesResource snapshot) {
            SnapshotState state = SnapshotState.of(snapshot);
            Object status = snapshot.getAdditionalProperties().get("status");
            Object restoreSize = status instanceof Map<?, ?> fields ? fields.get("restoreSize") : null;
            return new RecoverySnapshot(
                    state.name(),
                    state.readyToUse(),
                    state.error(),
                    restoreSize == null ? null : new Quantity(restoreSize.toString()),
                    state.annotations());
        }
    }

    /** @param reason a CamelCase reason for the condition and the Event */
    public record Waiting(String reason, String message) implements Resolution {}

    public static boolean recovers(Cluster cluster) {
        return recovery(cluster) != null;
    }

    static BootstrapRecovery recovery(Cluster cluster) {
        return cluster.getSpec().bootstrap() != null
                ? cluster.getSpec().bootstrap().recovery()
                : null;
    }

    /** @param backups the Backup of that name in the Cluster's namespace, or null */
    public static Resolution resolve(Cluster cluster, Function<String, Backup> backups) {
        return resolve(cluster, backups, name -> null, ClusterResources.instanceName(cluster, 1));
    }

    /**
     * @param backups the Backup of that name in the Cluster's namespace, or null
     * @param snapshots the VolumeSnapshot of that name in the Cluster's namespace, or null
     * @param firstInstance the instance that recovers (the one whose claims a snapshot is restored into)
     */
    public static Resolution resolve(
            Cluster cluster,
            Function<String, Backup> backups,
            Function<String, RecoverySnapshot> snapshots,
            String firstInstance) {
        BootstrapRecovery recovery = recovery(cluster);
        RecoveryTarget target = recovery.recoveryTarget();
        Resolution source;
        if (recovery.volumeSnapshots() != null) {
            source = fromVolumeSnapshots(cluster, recovery.volumeSnapshots(), snapshots, firstInstance);
        } else if (recovery.backup() != null) {
            Backup backup = backups.apply(recovery.backup().name());
            DataSource snapshotsOfBackup = snapshotsOf(backup);
            source = snapshotsOfBackup != null
                    ? fromVolumeSnapshots(cluster, snapshotsOfBackup, snapshots, firstInstance)
                    : fromBackup(recovery, backup, target);
        } else if (recovery.source() != null) {
            source = fromExternalCluster(cluster, recovery.source(), target);
        } else {
            return new Waiting("InvalidRecoverySource", "bootstrap.recovery needs backup or source");
        }
        if (!(source instanceof Resolved resolved)) {
            return source;
        }
        BarmanObjectStoreConfiguration own = ClusterResources.barmanObjectStore(cluster);
        InstanceConfig.Recovery r = resolved.recovery();
        if (own != null
                && r.barmanObjectStore() != null
                && sameFolder(own.destinationPath(), r.barmanObjectStore().destinationPath())
                && Objects.equals(
                        own.serverName() != null
                                ? own.serverName()
                                : cluster.getMetadata().getName(),
                        r.serverName())) {
            return new Waiting(
                    "RecoveryArchiveCollision",
                    "The cluster's own backup.barmanObjectStore ("
                            + own.destinationPath() + ", server " + r.serverName() + ") is the recovery source's: the "
                            + "recovered cluster would write into its source's archive. Give it another destinationPath "
                            + "or serverName");
        }
        return resolved;
    }

    /**
     * The first instance's claims made from the snapshots, PGDATA prepared in place (a hot snapshot's backup_label
     * written back), then PostgreSQL replays to the target: from the WAL in the snapshot, and from the archive of
     * {@code source} when given (a hot snapshot and any target but {@code targetImmediate} need it).
     */
    private static Resolution fromVolumeSnapshots(
            Cluster cluster, DataSource sources, Function<String, RecoverySnapshot> snapshots, String firstInstance) {
        BootstrapRecovery recovery = recovery(cluster);
        RecoveryTarget target = recovery.recoveryTarget();
        if (sources.tablespaceStorage() != null && !sources.tablespaceStorage().isEmpty()) {
            return new Waiting(
                    "RecoveryMethodNotSupported",
                    "volumeSnapshots.tablespaceStorage cannot be restored: Cairn does not manage tablespaces");
        }
        if (sources.walStorage() != null && cluster.getSpec().walStorage() == null) {
            return new Waiting(
                    "InvalidRecoverySource",
                    "A WAL storage configuration is required when recovering using a DataSource for WALs");
        }
        if (target != null && target.backupID() != null && !target.backupID().isBlank()) {
            return new Waiting("InvalidRecoveryTarget", "Cannot specify a backupID when recovering using a DataSource");
        }
        RecoverySnapshot dataSnapshot = lookUp(sources.storage(), snapshots);
        Object data = claimSource(sources.storage(), "storage", dataSnapshot);
        if (data instanceof Waiting waiting) {
            return waiting;
        }
        Object wal = sources.walStorage() == null
                ? null
                : claimSource(sources.walStorage(), "walStorage", lookUp(sources.walStorage(), snapshots));
        if (wal instanceof Waiting waiting) {
            return waiting;
        }
        Map<String, String> annotations =
                dataSnapshot == null || dataSnapshot.annotations() == null ? Map.of() : dataSnapshot.annotations();
        boolean online = "true".equals(annotations.get(SnapshotObjects.ONLINE_ANNOTATION));
        String backupLabel = decoded(annotations.get(SnapshotObjects.BACKUP_LABEL_FILE));
        if (online && backupLabel == null) {
            return new Waiting(
                    "RecoverySnapshotIncomplete",
                    "VolumeSnapshot " + sources.storage().name() + " was "
                            + "taken online but has no " + SnapshotObjects.BACKUP_LABEL_FILE
                            + " annotation: it cannot be "
                            + "recovered");
        }
        boolean immediate = target == null
                || Boolean.TRUE.equals(target.targetImmediate())
                || Stream.of(target.targetTime(), target.targetLSN(), target.targetXID(), target.targetName())
                        .allMatch(point -> point == null || point.isBlank());
        BarmanObjectStoreConfiguration archive = null;
        String serverName = null;
        if (recovery.source() != null) {
            Resolution external = fromExternalCluster(cluster, recovery.source(), null);
            if (!(external instanceof Resolved resolvedArchive)) {
                return external;
            }
            archive = resolvedArchive.recovery().barmanObjectStore();
            serverName = resolvedArchive.recovery().serverName();
        } else if (online) {
            return new Waiting(
                    "RecoveryNeedsWalArchive",
                    "VolumeSnapshot " + sources.storage().name() + " was "
                            + "taken online (hot): replaying it needs the WAL archive of its cluster. "
                            + (recovery.backup() != null
                                    ? "Recover with volumeSnapshots naming the Backup's snapshots and "
                                            + "source naming an externalClusters entry with that archive"
                                    : "Set bootstrap.recovery.source to an externalClusters entry with that archive"));
        } else if (!immediate) {
            return new Waiting(
                    "RecoveryNeedsWalArchive",
                    "A recovery to a point in time replays the WAL archive: "
                            + "set bootstrap.recovery.source to an externalClusters entry with the archive of the cluster "
                            + "the snapshot was taken of");
        }
        String restoreId = cluster.getMetadata().getUid() != null
                ? cluster.getMetadata().getUid()
                : cluster.getMetadata().getNamespace() + "/"
                        + cluster.getMetadata().getName();
        InstanceConfig.SnapshotBase base = new InstanceConfig.SnapshotBase(
                restoreId,
                firstInstance,
                sources.storage().name(),
                online ? backupLabel : null,
                online ? decoded(annotations.get(SnapshotObjects.TABLESPACE_MAP_FILE)) : null);
        Map<String, String> settings;
        try {
            settings = RecoveryTargetSettings.of(target);
        } catch (IllegalArgumentException e) {
            return new Waiting("InvalidRecoveryTarget", e.getMessage());
        }
        // the base is the snapshot: no backup is chosen, so no backupId, targetTime, targetLSN or targetTLI for it
        InstanceConfig.Recovery withBase = new InstanceConfig.Recovery(
                archive, serverName, null, null, null, null, settings, recovery.database(), recovery.owner(), base);
        return new Resolved(withBase, new ClaimSources((ClaimSource) data, (ClaimSource) wal));
    }

    /**
     * The snapshots of a completed volumeSnapshot Backup as {@code volumeSnapshots} (CloudNativePG restores them
     * from its {@code snapshotBackupStatus.elements}); null for any other Backup.
     */
    static DataSource snapshotsOf(Backup backup) {
        BackupStatus status = backup == null ? null : backup.getStatus();
        if (status == null
                || status.phase() != BackupPhase.COMPLETED
                || status.method() != BackupMethod.VOLUME_SNAPSHOT
                || status.snapshotBackupStatus() == null
                || status.snapshotBackupStatus().elements() == null) {
            return null;
        }
        TypedLocalObjectReference data = null;
        TypedLocalObjectReference wal = null;
        Map<String, TypedLocalObjectReference> tablespaces = new java.util.TreeMap<>();
        for (BackupSnapshotElementStatus element : status.snapshotBackupStatus().elements()) {
            TypedLocalObjectReference reference =
                    new TypedLocalObjectReference(SnapshotObjects.GROUP, SnapshotObjects.KIND, element.name());
            switch (element.type()) {
                case "PG_DATA" -> data = reference;
                case "PG_WAL" -> wal = reference;
                default -> tablespaces.put(element.tablespaceName(), reference);
            }
        }
        return data == null ? null : new DataSource(data, wal, tablespaces.isEmpty() ? null : tablespaces);
    }

    /** The VolumeSnapshot a reference names, read once; null when absent or for another kind. */
    private static RecoverySnapshot lookUp(
            TypedLocalObjectReference reference, Function<String, RecoverySnapshot> snapshots) {
        return isVolumeSnapshot(reference) ? snapshots.apply(reference.name()) : null;
    }

    /**
     * A {@link ClaimSource}, or why the Cluster waits.
     *
     * @param snapshot the VolumeSnapshot {@code reference} names, as {@link #lookUp} read it
     */
    private static Object claimSource(TypedLocalObjectReference reference, String field, RecoverySnapshot snapshot) {
        if (isPersistentVolumeClaim(reference)) {
            return new ClaimSource(
                    new TypedLocalObjectReference(null, "PersistentVolumeClaim", reference.name()), null);
        }
        if (!isVolumeSnapshot(reference)) {
            return new Waiting(
                    "InvalidRecoverySource",
                    "volumeSnapshots." + field + ": Only VolumeSnapshots and "
                            + "PersistentVolumeClaims are supported");
        }
        if (snapshot == null) {
            return new Waiting(
                    "RecoverySnapshotNotFound",
                    "VolumeSnapshot " + reference.name() + " (bootstrap.recovery.volumeSnapshots." + field
                            + ") does not exist; waiting for it");
        }
        if (!snapshot.readyToUse()) {
            return new Waiting(
                    "RecoverySnapshotNotReady",
                    "VolumeSnapshot " + reference.name() + " is not ready to use"
                            + (snapshot.error() != null ? " (" + snapshot.error() + ")" : "") + "; waiting for it");
        }
        return new ClaimSource(
                new TypedLocalObjectReference(SnapshotObjects.GROUP, SnapshotObjects.KIND, reference.name()),
                snapshot.restoreSize());
    }

    private static boolean isVolumeSnapshot(TypedLocalObjectReference reference) {
        return SnapshotObjects.KIND.equals(reference.kind()) && SnapshotObjects.GROUP.equals(reference.apiGroup());
    }

    private static boolean isPersistentVolumeClaim(TypedLocalObjectReference reference) {
        return "PersistentVolumeClaim".equals(reference.kind())
                && (reference.apiGroup() == null || reference.apiGroup().isEmpty());
    }

    private static String decoded(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return null;
        }
        try {
            return new String(java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Resolution fromBackup(BootstrapRecovery recovery, Backup backup, RecoveryTarget target) {
        String name = recovery.backup().name();
        if (backup == null) {
            return new Waiting(
                    "RecoveryBackupNotFound",
                    "Backup " + name + " (bootstrap.recovery.backup) does not " + "exist; waiting for it");
        }
        BackupStatus status = backup.getStatus();
        if (status == null || status.phase() != BackupPhase.COMPLETED) {
            return new Waiting(
                    "RecoveryBackupNotCompleted",
                    "Backup " + name + " is not completed (phase "
                            + (status == null || status.phase() == null
                                    ? "none"
                                    : status.phase().value()) + "); waiting "
                            + "for it");
        }
        BackupMethod method =
                status.method() != null ? status.method() : backup.getSpec().method();
        if (method != null && method != BackupMethod.BARMAN_OBJECT_STORE) {
            return new Waiting(
                    "RecoveryMethodNotSupported",
                    "Backup " + name + " was taken with " + method.value()
                            + "; only barmanObjectStore and volumeSnapshot backups can be recovered");
        }
        if (status.destinationPath() == null || status.backupId() == null) {
            return new Waiting(
                    "RecoveryBackupIncomplete",
                    "Backup " + name + " is completed but its status has no " + "destinationPath or backupId");
        }
        SecretKeySelector endpointCA =
                recovery.backup().endpointCA() != null ? recovery.backup().endpointCA() : status.endpointCA();
        BarmanObjectStoreConfiguration store = new BarmanObjectStoreConfiguration(
                status.s3Credentials(),
                status.azureCredentials(),
                status.googleCredentials(),
                status.endpointURL(),
                endpointCA,
                status.destinationPath(),
                status.serverName(),
                null,
                null,
                null,
                null);
        String serverName = status.serverName() != null
                ? status.serverName()
                : backup.getSpec().cluster() != null
                        ? backup.getSpec().cluster().name()
                        : null;
        return resolved(recovery, store, serverName, status.backupId(), target);
    }

    private static Resolution fromExternalCluster(Cluster cluster, String source, RecoveryTarget target) {
        List<ExternalCluster> external = cluster.getSpec().externalClusters() == null
                ? List.of()
                : cluster.getSpec().externalClusters();
        ExternalCluster match = external.stream()
                .filter(e -> source.equals(e.name()))
                .findFirst()
                .orElse(null);
        if (match == null) {
            return new Waiting(
                    "RecoverySourceNotFound",
                    "bootstrap.recovery.source " + source + " names no " + "entry of externalClusters");
        }
        if (match.barmanObjectStore() == null) {
            return new Waiting(
                    "RecoveryMethodNotSupported",
                    "External cluster " + source + " has no "
                            + "barmanObjectStore; Cairn recovers from object stores only");
        }
        BarmanObjectStoreConfiguration store = match.barmanObjectStore();
        String serverName =
                store.serverName() != null && !store.serverName().isBlank() ? store.serverName() : match.name();
        return resolved(recovery(cluster), store, serverName, target == null ? null : target.backupID(), target);
    }

    private static Resolution resolved(
            BootstrapRecovery recovery,
            BarmanObjectStoreConfiguration store,
            String serverName,
            String backupId,
            RecoveryTarget target) {
        java.util.Map<String, String> settings;
        String targetTime = null;
        try {
            settings = RecoveryTargetSettings.of(target);
            if (target != null
                    && target.targetTime() != null
                    && !target.targetTime().isBlank()) {
                targetTime = RecoveryTargetTime.normalize(target.targetTime());
            }
        } catch (IllegalArgumentException e) {
            return new Waiting("InvalidRecoveryTarget", e.getMessage());
        }
        return new Resolved(new InstanceConfig.Recovery(
                store,
                serverName,
                backupId,
                targetTime,
                target == null ? null : target.targetLSN(),
                target == null ? null : target.targetTLI(),
                settings,
                recovery.database(),
                recovery.owner()));
    }

    private static boolean sameFolder(String a, String b) {
        return a != null && b != null && stripSlash(a).equals(stripSlash(b));
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /**
     * The source's credentials for the first instance: {@code CAIRN_RECOVERY_AWS_ACCESS_KEY_ID} and the others of
     * the selectors, through {@code secretKeyRef}.
     */
    public static List<EnvVar> environment(BarmanObjectStoreConfiguration store) {
        return ObjectStoreCredentials.environment(store, InstanceEnvironmentVariables.RECOVERY_PREFIX);
    }

    /**
     * The first instance's pod with the source's credentials added to its container's environment, its Google
     * service-account key mounted as the file {@code CAIRN_RECOVERY_GOOGLE_APPLICATION_CREDENTIALS} names, and its
     * {@code endpointCA} mounted as the file {@code CAIRN_RECOVERY_AWS_CA_BUNDLE} names (the restore commands get it
     * as {@code AWS_CA_BUNDLE}).
     */
    public static Pod withCredentials(Pod pod, BarmanObjectStoreConfiguration store) {
        if (store == null) {
            return pod;
        }
        Pod copy = new PodBuilder(pod).build();
        copy.getSpec().getContainers().get(0).getEnv().addAll(environment(store));
        ObjectStoreCredentials.addRecoveryGoogleCredentials(
                store,
                InstanceEnvironmentVariables.RECOVERY_PREFIX,
                copy.getSpec().getVolumes(),
                copy.getSpec().getContainers().get(0).getVolumeMounts(),
                copy.getSpec().getContainers().get(0).getEnv());
        if (store.endpointCA() != null) {
            copy.getSpec()
                    .getVolumes()
                    .add(new VolumeBuilder()
                            .withName("recovery-endpoint-ca")
                            .withNewSecret()
                            .withSecretName(store.endpointCA().name())
                            .addNewItem()
                            .withKey(store.endpointCA().key())
                            .withPath(ENDPOINT_CA_FILE)
                            .endItem()
                            .withDefaultMode(0440)
                            .endSecret()
                            .build());
            copy.getSpec()
                    .getContainers()
                    .get(0)
                    .getVolumeMounts()
                    .add(new VolumeMountBuilder()
                            .withName("recovery-endpoint-ca")
                            .withMountPath(ENDPOINT_CA_MOUNT)
                            .withReadOnly(true)
                            .build());
            copy.getSpec()
                    .getContainers()
                    .get(0)
                    .getEnv()
                    .add(new EnvVarBuilder()
                            .withName(InstanceEnvironmentVariables.RECOVERY_PREFIX + "AWS_CA_BUNDLE")
                            .withValue(ENDPOINT_CA_MOUNT + "/" + ENDPOINT_CA_FILE)
                            .build());
        }
        return copy;
    }

    static final String ENDPOINT_CA_MOUNT = "/etc/cairn/recovery-endpoint-ca";
    static final String ENDPOINT_CA_FILE = "ca.crt";
}
