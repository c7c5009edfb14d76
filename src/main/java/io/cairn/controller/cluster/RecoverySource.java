package io.cairn.controller.cluster;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.BootstrapRecovery;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ExternalCluster;
import io.cairn.api.v1.RecoveryTarget;
import io.cairn.api.v1.SecretKeySelector;
import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.api.InstanceEnvironmentVariables;
import io.cairn.instance.api.RecoveryTargetTime;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where a Cluster with {@code bootstrap.recovery} recovers from: the object store, server name and backup of a
 * completed {@code Backup} ({@code backup.name}, rebuilt from its status) or of an {@code externalClusters} entry
 * ({@code source}), with the recovery target mapped to PostgreSQL settings. Pure: the Backup comes from a lookup.
 * The source's credentials reach the first instance as {@code CAIRN_RECOVERY_*} variables, apart from the
 * cluster's own archive credentials (Azure keys too, and the source's endpointCA as a file; Google credentials are
 * not passed yet).
 */
public final class RecoverySource {

    private RecoverySource() {
    }

    /** The outcome: a source to recover from, or why the Cluster waits. */
    public sealed interface Resolution permits Resolved, Waiting {
    }

    /** @param recovery the instance configuration's {@code bootstrap.recovery} */
    public record Resolved(InstanceConfig.Recovery recovery) implements Resolution {
    }

    /** @param reason a CamelCase reason for the condition and the Event */
    public record Waiting(String reason, String message) implements Resolution {
    }

    public static boolean recovers(Cluster cluster) {
        return recovery(cluster) != null;
    }

    static BootstrapRecovery recovery(Cluster cluster) {
        return cluster.getSpec().bootstrap() != null ? cluster.getSpec().bootstrap().recovery() : null;
    }

    /** @param backups the Backup of that name in the Cluster's namespace, or null */
    public static Resolution resolve(Cluster cluster, Function<String, Backup> backups) {
        BootstrapRecovery recovery = recovery(cluster);
        RecoveryTarget target = recovery.recoveryTarget();
        Resolution source;
        if (recovery.backup() != null) {
            source = fromBackup(recovery, backups.apply(recovery.backup().name()), target);
        } else if (recovery.source() != null) {
            source = fromExternalCluster(cluster, recovery.source(), target);
        } else if (recovery.volumeSnapshots() != null) {
            return new Waiting("RecoveryMethodNotSupported", "Recovery from volumeSnapshots is not implemented; "
                    + "use backup or source");
        } else {
            return new Waiting("InvalidRecoverySource", "bootstrap.recovery needs backup or source");
        }
        if (!(source instanceof Resolved resolved)) {
            return source;
        }
        BarmanObjectStoreConfiguration own = ClusterResources.barmanObjectStore(cluster);
        InstanceConfig.Recovery r = resolved.recovery();
        if (own != null && sameFolder(own.destinationPath(), r.barmanObjectStore().destinationPath())
                && Objects.equals(own.serverName() != null ? own.serverName() : cluster.getMetadata().getName(),
                        r.serverName())) {
            return new Waiting("RecoveryArchiveCollision", "The cluster's own backup.barmanObjectStore ("
                    + own.destinationPath() + ", server " + r.serverName() + ") is the recovery source's: the "
                    + "recovered cluster would write into its source's archive. Give it another destinationPath "
                    + "or serverName");
        }
        return resolved;
    }

    private static Resolution fromBackup(BootstrapRecovery recovery, Backup backup, RecoveryTarget target) {
        String name = recovery.backup().name();
        if (backup == null) {
            return new Waiting("RecoveryBackupNotFound", "Backup " + name + " (bootstrap.recovery.backup) does not "
                    + "exist; waiting for it");
        }
        BackupStatus status = backup.getStatus();
        if (status == null || status.phase() != BackupPhase.COMPLETED) {
            return new Waiting("RecoveryBackupNotCompleted", "Backup " + name + " is not completed (phase "
                    + (status == null || status.phase() == null ? "none" : status.phase().value()) + "); waiting "
                    + "for it");
        }
        BackupMethod method = status.method() != null ? status.method() : backup.getSpec().method();
        if (method != null && method != BackupMethod.BARMAN_OBJECT_STORE) {
            return new Waiting("RecoveryMethodNotSupported", "Backup " + name + " was taken with " + method.value()
                    + "; only barmanObjectStore backups can be recovered");
        }
        if (status.destinationPath() == null || status.backupId() == null) {
            return new Waiting("RecoveryBackupIncomplete", "Backup " + name + " is completed but its status has no "
                    + "destinationPath or backupId");
        }
        SecretKeySelector endpointCA = recovery.backup().endpointCA() != null ? recovery.backup().endpointCA()
                : status.endpointCA();
        BarmanObjectStoreConfiguration store = new BarmanObjectStoreConfiguration(status.s3Credentials(),
                status.azureCredentials(), status.googleCredentials(), status.endpointURL(), endpointCA,
                status.destinationPath(), status.serverName(), null, null, null, null);
        String serverName = status.serverName() != null ? status.serverName()
                : backup.getSpec().cluster() != null ? backup.getSpec().cluster().name() : null;
        return resolved(recovery, store, serverName, status.backupId(), target);
    }

    private static Resolution fromExternalCluster(Cluster cluster, String source, RecoveryTarget target) {
        List<ExternalCluster> external = cluster.getSpec().externalClusters() == null ? List.of()
                : cluster.getSpec().externalClusters();
        ExternalCluster match = external.stream().filter(e -> source.equals(e.name())).findFirst().orElse(null);
        if (match == null) {
            return new Waiting("RecoverySourceNotFound", "bootstrap.recovery.source " + source + " names no "
                    + "entry of externalClusters");
        }
        if (match.barmanObjectStore() == null) {
            return new Waiting("RecoveryMethodNotSupported", "External cluster " + source + " has no "
                    + "barmanObjectStore; Cairn recovers from object stores only");
        }
        BarmanObjectStoreConfiguration store = match.barmanObjectStore();
        String serverName = store.serverName() != null && !store.serverName().isBlank() ? store.serverName()
                : match.name();
        return resolved(recovery(cluster), store, serverName, target == null ? null : target.backupID(), target);
    }

    private static Resolution resolved(BootstrapRecovery recovery, BarmanObjectStoreConfiguration store,
            String serverName, String backupId, RecoveryTarget target) {
        java.util.Map<String, String> settings;
        String targetTime = null;
        try {
            settings = RecoveryTargetSettings.of(target);
            if (target != null && target.targetTime() != null && !target.targetTime().isBlank()) {
                targetTime = RecoveryTargetTime.normalize(target.targetTime());
            }
        } catch (IllegalArgumentException e) {
            return new Waiting("InvalidRecoveryTarget", e.getMessage());
        }
        return new Resolved(new InstanceConfig.Recovery(store, serverName, backupId, targetTime,
                target == null ? null : target.targetLSN(), target == null ? null : target.targetTLI(), settings,
                recovery.database(), recovery.owner()));
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
        Pod copy = new PodBuilder(pod).build();
        copy.getSpec().getContainers().get(0).getEnv().addAll(environment(store));
        ObjectStoreCredentials.addRecoveryGoogleCredentials(store, InstanceEnvironmentVariables.RECOVERY_PREFIX,
                copy.getSpec().getVolumes(), copy.getSpec().getContainers().get(0).getVolumeMounts(),
                copy.getSpec().getContainers().get(0).getEnv());
        if (store.endpointCA() != null) {
            copy.getSpec().getVolumes().add(new VolumeBuilder().withName("recovery-endpoint-ca").withNewSecret()
                    .withSecretName(store.endpointCA().name())
                    .addNewItem().withKey(store.endpointCA().key()).withPath(ENDPOINT_CA_FILE).endItem()
                    .withDefaultMode(0440).endSecret().build());
            copy.getSpec().getContainers().get(0).getVolumeMounts().add(new VolumeMountBuilder()
                    .withName("recovery-endpoint-ca").withMountPath(ENDPOINT_CA_MOUNT).withReadOnly(true).build());
            copy.getSpec().getContainers().get(0).getEnv().add(new EnvVarBuilder()
                    .withName(InstanceEnvironmentVariables.RECOVERY_PREFIX + "AWS_CA_BUNDLE")
                    .withValue(ENDPOINT_CA_MOUNT + "/" + ENDPOINT_CA_FILE).build());
        }
        return copy;
    }

    static final String ENDPOINT_CA_MOUNT = "/etc/cairn/recovery-endpoint-ca";
    static final String ENDPOINT_CA_FILE = "ca.crt";
}
