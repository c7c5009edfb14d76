package io.cairn.controller.backup;

import io.cairn.api.v1.BackupConfiguration;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.Cluster;
import io.cairn.instance.api.AmbientCredentials;
import java.util.Map;
import java.util.Optional;

/**
 * What a Cluster must offer before a Backup of it can start (CloudNativePG's backup controller, step 6), checked in
 * CloudNativePG's order, with its Event reasons and messages.
 */
final class BackupPrerequisites {

    static final String HIBERNATION_ANNOTATION = "cnpg.io/hibernation";
    static final String AMBIENT_IDENTITY_UNAVAILABLE = "AmbientIdentityUnavailable";

    /** Why the Backup cannot be taken: the Event reason and the error written to status. */
    record Refusal(String reason, String message) {}

    private BackupPrerequisites() {}

    static Optional<Refusal> check(BackupMethod method, Cluster cluster, boolean volumeSnapshotCrdPresent) {
        Map<String, String> annotations = cluster.getMetadata().getAnnotations();
        if (annotations != null && "on".equals(annotations.get(HIBERNATION_ANNOTATION))) {
            return refuse("ClusterIsHibernated", "cannot backup a hibernated cluster");
        }
        if (method == BackupMethod.PLUGIN) {
            if (cluster.getSpec().plugins() == null
                    || cluster.getSpec().plugins().isEmpty()) {
                return refuse(
                        "ClusterHasNoBackupExecutorPlugin",
                        "cannot proceed with the backup as the cluster has no plugin configured");
            }
            return Optional.empty();
        }
        BackupConfiguration backup = cluster.getSpec().backup();
        if (backup == null) {
            return refuse(
                    "ClusterHasBackupConfigured",
                    "cannot proceed with the backup as the cluster has no backup section");
        }
        if (method == BackupMethod.VOLUME_SNAPSHOT) {
            if (!volumeSnapshotCrdPresent) {
                return refuse(
                        "ClusterHasNoVolumeSnapshotCRD",
                        "cannot proceed with the backup as the Kubernetes cluster has no VolumeSnapshot support");
            }
            if (backup.volumeSnapshot() == null) {
                return refuse(
                        "ClusterHasNoVolumeSnapshotSection", "no volumeSnapshot section defined on the target cluster");
            }
        }
        if (method == BackupMethod.BARMAN_OBJECT_STORE && backup.barmanObjectStore() == null) {
            return refuse("ClusterHasNoBarmanSection", "no barmanObjectStore section defined on the target cluster");
        }
        return Optional.empty();
    }

    /**
     * A Cairn refusal for where pods have no cloud identity of their own ({@code cairn.backup.ambient-identities}
     * off): a barmanObjectStore Backup whose store asks for one.
     */
    static Optional<Refusal> withoutAmbientIdentities(BackupMethod method, Cluster cluster) {
        if (method != BackupMethod.BARMAN_OBJECT_STORE
                || cluster.getSpec().backup() == null
                || cluster.getSpec().backup().barmanObjectStore() == null) {
            return Optional.empty();
        }
        return AmbientCredentials.refusal(
                        cluster.getSpec().backup().barmanObjectStore(), AmbientCredentials.UNAVAILABLE_HERE)
                .map(message -> new Refusal(AMBIENT_IDENTITY_UNAVAILABLE, message));
    }

    private static Optional<Refusal> refuse(String reason, String message) {
        return Optional.of(new Refusal(reason, message));
    }
}
