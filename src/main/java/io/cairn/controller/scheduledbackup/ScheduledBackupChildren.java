package io.cairn.controller.scheduledbackup;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupOwnerReference;
import io.cairn.api.v1.BackupSpec;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.Labels;
import io.cairn.api.v1.LocalObjectReference;
import io.cairn.api.v1.ScheduledBackup;
import io.cairn.api.v1.ScheduledBackupSpec;
import io.cairn.support.OwnerReferences;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * The Backups a ScheduledBackup creates: one per slot, named {@code <scheduledbackup>-<YYYYMMDDhhmmss>} of the slot
 * in UTC, created if absent. An existing Backup of that name is adopted when it carries our parent label and refused
 * otherwise, so a retry, a restart or a second operator never creates a second Backup for a slot.
 */
@ApplicationScoped
class ScheduledBackupChildren {

    static final String CLUSTER_LABEL = Labels.CLUSTER;
    static final String IMMEDIATE_LABEL = "cnpg.io/immediateBackup";
    static final String PARENT_LABEL = "cnpg.io/scheduled-backup";
    static final String SNAPSHOT_DEADLINE_ANNOTATION = "cnpg.io/volumeSnapshotDeadline";

    private static final DateTimeFormatter SLOT_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    enum Outcome {
        CREATED,
        ADOPTED,
        REFUSED
    }

    record Result(Outcome outcome, String backupName) {}

    /** The Cluster a {@code backupOwnerReference: cluster} Backup should be owned by does not exist. */
    static final class MissingOwnerCluster extends RuntimeException {
        MissingOwnerCluster(String message) {
            super(message);
        }
    }

    @Inject
    KubernetesClient client;

    static String backupName(ScheduledBackup scheduledBackup, Instant slot) {
        return scheduledBackup.getMetadata().getName() + "-" + SLOT_FORMAT.format(slot);
    }

    Result createOrAdopt(ScheduledBackup scheduledBackup, Instant slot, boolean immediate) {
        Backup desired = desiredBackup(scheduledBackup, slot, immediate, ownerCluster(scheduledBackup));
        String namespace = scheduledBackup.getMetadata().getNamespace();
        try {
            client.resource(desired).inNamespace(namespace).create();
            return new Result(Outcome.CREATED, desired.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
        Backup existing = client.resources(Backup.class)
                .inNamespace(namespace)
                .withName(desired.getMetadata().getName())
                .get();
        boolean ours = existing != null
                && existing.getMetadata().getLabels() != null
                && scheduledBackup
                        .getMetadata()
                        .getName()
                        .equals(existing.getMetadata().getLabels().get(PARENT_LABEL));
        return new Result(
                ours ? Outcome.ADOPTED : Outcome.REFUSED, desired.getMetadata().getName());
    }

    /**
     * The schedule's cache of its Backups: their names, labels and phases only. The Backup controller caches the
     * whole objects; a second full copy of every Backup a schedule ever made would double that.
     */
    static ItemStore<Backup> cacheOfWhatTheScheduleReads(KubernetesSerialization serialization) {
        return new ReducedStateItemStore<>(
                ReducedStateItemStore.NAME_KEY_STATE, Backup.class, serialization, "metadata.labels", "status.phase");
    }

    /**
     * Whether a change of a child wakes its schedule: only when it finishes (a slot may be waiting for it) or, by
     * an edit of its status, stops being finished. The schedule creates its children itself and reads their phases
     * from the cache when a slot comes, so an added child or a step of a running one changes nothing it decides.
     */
    static boolean finishedOrRestarted(Backup newer, Backup older) {
        return isFinished(newer) != isFinished(older);
    }

    private static boolean isFinished(Backup backup) {
        return backup.getStatus() != null
                && backup.getStatus().phase() != null
                && backup.getStatus().phase().isTerminal();
    }

    /** The children that are neither completed nor failed. */
    static List<Backup> unfinished(Iterable<Backup> children) {
        return StreamSupport.stream(children.spliterator(), false)
                .filter(b -> !isFinished(b))
                .toList();
    }

    static Backup desiredBackup(ScheduledBackup scheduledBackup, Instant slot, boolean immediate, Cluster owner) {
        ScheduledBackupSpec spec = scheduledBackup.getSpec();
        Map<String, String> labels = new HashMap<>();
        Map<String, String> annotations = new HashMap<>();
        labels.put(CLUSTER_LABEL, spec.cluster().name());
        labels.put(IMMEDIATE_LABEL, Boolean.toString(immediate));
        labels.put(PARENT_LABEL, scheduledBackup.getMetadata().getName());
        Optional.ofNullable(scheduledBackup.getMetadata().getAnnotations())
                .map(a -> a.get(SNAPSHOT_DEADLINE_ANNOTATION))
                .ifPresent(deadline -> annotations.put(SNAPSHOT_DEADLINE_ANNOTATION, deadline));

        Backup backup = new Backup();
        backup.setMetadata(new ObjectMetaBuilder()
                .withName(backupName(scheduledBackup, slot))
                .withNamespace(scheduledBackup.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations.isEmpty() ? null : annotations)
                .withOwnerReferences(ownerReferences(spec.backupOwnerReference(), scheduledBackup, owner))
                .build());
        backup.setSpec(new BackupSpec(
                new LocalObjectReference(spec.cluster().name()),
                spec.target(),
                spec.method(),
                spec.pluginConfiguration(),
                spec.online(),
                spec.onlineConfiguration()));
        return backup;
    }

    private Cluster ownerCluster(ScheduledBackup scheduledBackup) {
        if (scheduledBackup.getSpec().backupOwnerReference() != BackupOwnerReference.CLUSTER) {
            return null;
        }
        String name = scheduledBackup.getSpec().cluster().name();
        Cluster cluster = client.resources(Cluster.class)
                .inNamespace(scheduledBackup.getMetadata().getNamespace())
                .withName(name)
                .get();
        if (cluster == null) {
            throw new MissingOwnerCluster("backupOwnerReference is 'cluster' but Cluster '" + name
                    + "' does not exist; the backup waits for it");
        }
        return cluster;
    }

    private static List<OwnerReference> ownerReferences(
            BackupOwnerReference kind, ScheduledBackup scheduledBackup, Cluster cluster) {
        if (kind == null) {
            return List.of();
        }
        return switch (kind) {
            case NONE -> List.of();
            case SELF -> List.of(OwnerReferences.controller(scheduledBackup));
            case CLUSTER -> List.of(OwnerReferences.controller(cluster));
        };
    }
}
