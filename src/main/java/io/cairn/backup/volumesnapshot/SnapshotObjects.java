package io.cairn.backup.volumesnapshot;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.Labels;
import io.cairn.api.v1.SnapshotOwnerReference;
import io.cairn.instance.api.ControlData;
import io.cairn.support.OwnerReferences;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The VolumeSnapshots of a backup, as CloudNativePG makes them (spec 2.7, 1.7): one per claim, named
 * {@code <backup>}, {@code <backup>-wal} and {@code <backup>-tbs-<tablespace>}; the claim's labels and annotations
 * plus the configured ones, the instance/role keys moved from labels to annotations, then the backup's own labels
 * and annotations; the class of the claim's role; the configured owner. Pure.
 */
public final class SnapshotObjects {

    public static final String GROUP = "snapshot.storage.k8s.io";
    public static final String API_VERSION = GROUP + "/v1";
    public static final String KIND = "VolumeSnapshot";
    public static final String CLUSTER_LABEL = Labels.CLUSTER;
    public static final String BACKUP_NAME_LABEL = "cnpg.io/backupName";
    public static final String MAJOR_VERSION_LABEL = "cnpg.io/majorVersion";
    public static final String TIMELINE_LABEL = "cnpg.io/backupTimeline";
    public static final String TABLESPACE_LABEL = "cnpg.io/tablespaceName";
    public static final String PVC_ROLE = "cnpg.io/pvcRole";
    public static final String CONTROLDATA_ANNOTATION = "cnpg.io/pgControldata";
    public static final String START_WAL_ANNOTATION = "cnpg.io/backupStartWAL";
    public static final String END_WAL_ANNOTATION = "cnpg.io/backupEndWAL";
    public static final String ONLINE_ANNOTATION = "cnpg.io/onlineBackup";
    public static final String CLUSTER_MANIFEST_ANNOTATION = "cnpg.io/clusterManifest";
    public static final String SNAPSHOT_START_TIME = "cnpg.io/snapshotStartTime";
    public static final String SNAPSHOT_END_TIME = "cnpg.io/snapshotEndTime";
    public static final String BACKUP_START_TIME = "cnpg.io/backupStartTime";
    public static final String BACKUP_END_TIME = "cnpg.io/backupEndTime";
    public static final String BACKUP_LABEL_FILE = "cnpg.io/backupLabelFile";
    public static final String TABLESPACE_MAP_FILE = "cnpg.io/backupTablespaceMapFile";
    /** Claim labels CloudNativePG moves to the snapshot's annotations (they describe the instance, not the backup). */
    static final List<String> MOVED_TO_ANNOTATIONS =
            List.of(PVC_ROLE, Labels.INSTANCE_NAME, Labels.INSTANCE_ROLE, Labels.ROLE);

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private SnapshotObjects() {}

    /** The snapshot name of a claim: CloudNativePG's. */
    public static String name(String backupName, SnapshotRole role, String tablespaceName) {
        return switch (role) {
            case PG_DATA -> backupName;
            case PG_WAL -> backupName + "-wal";
            case PG_TABLESPACE ->
                backupName + "-tbs-" + tablespaceName.toLowerCase(Locale.ROOT).replace('_', '-');
        };
    }

    /**
     * The snapshot of {@code claim} for {@code backup}.
     *
     * @param majorVersion the Cluster's PostgreSQL major version, null if unknown
     * @param now when it is made: the backup date labels (UTC)
     */
    public static GenericKubernetesResource snapshot(
            Backup backup,
            Cluster cluster,
            InstanceClaim claim,
            SnapshotBackupSettings settings,
            ControlData controlData,
            Integer majorVersion,
            Instant now) {
        Map<String, String> labels = new LinkedHashMap<>(claim.labels() == null ? Map.of() : claim.labels());
        labels.putAll(settings.labels());
        Map<String, String> annotations =
                new LinkedHashMap<>(claim.annotations() == null ? Map.of() : claim.annotations());
        annotations.putAll(settings.annotations());
        for (String key : MOVED_TO_ANNOTATIONS) {
            String value = labels.remove(key);
            if (value != null) {
                annotations.put(key, value);
            }
        }
        annotations.put(PVC_ROLE, claim.role().name());
        String backupName = backup.getMetadata().getName();
        labels.put(CLUSTER_LABEL, cluster.getMetadata().getName());
        labels.put(BACKUP_NAME_LABEL, backupName);
        if (majorVersion != null) {
            labels.put(MAJOR_VERSION_LABEL, majorVersion.toString());
        }
        controlData.value(ControlData.TIMELINE).ifPresent(timeline -> labels.put(TIMELINE_LABEL, timeline));
        String date = DATE.format(now);
        labels.put("cnpg.io/backupDate", date);
        labels.put("cnpg.io/backupMonth", date.substring(0, 6));
        labels.put("cnpg.io/backupYear", date.substring(0, 4));
        labels.put("app.kubernetes.io/managed-by", "cairn");
        labels.put("app.kubernetes.io/name", "postgresql");
        labels.put("app.kubernetes.io/instance", cluster.getMetadata().getName());
        labels.put("app.kubernetes.io/component", "database");
        if (majorVersion != null) {
            labels.put("app.kubernetes.io/version", majorVersion.toString());
        }
        if (claim.tablespaceName() != null) {
            labels.put(TABLESPACE_LABEL, claim.tablespaceName());
        }
        annotations.put(CONTROLDATA_ANNOTATION, controlData.output());
        controlData.value(ControlData.REDO_WAL_FILE).ifPresent(wal -> {
            annotations.put(START_WAL_ANNOTATION, wal);
            annotations.put(END_WAL_ANNOTATION, wal);
        });
        annotations.put(ONLINE_ANNOTATION, Boolean.toString(settings.online()));
        annotations.put(CLUSTER_MANIFEST_ANNOTATION, Serialization.asJson(cluster));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("source", Map.of("persistentVolumeClaimName", claim.name()));
        String className = settings.classFor(claim.role(), claim.tablespaceName());
        if (className != null) {
            spec.put("volumeSnapshotClassName", className);
        }
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind(KIND)
                .withNewMetadata()
                .withName(name(backupName, claim.role(), claim.tablespaceName()))
                .withNamespace(backup.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .withOwnerReferences(owner(settings.owner(), backup, cluster))
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }

    /** The owner references of {@code snapshotOwnerReference}: the Cluster, the Backup, or none. */
    static List<OwnerReference> owner(SnapshotOwnerReference owner, Backup backup, Cluster cluster) {
        return switch (owner) {
            case NONE -> List.of();
            case CLUSTER -> List.of(OwnerReferences.controller(cluster));
            case BACKUP -> List.of(OwnerReferences.controller(backup));
        };
    }
}
