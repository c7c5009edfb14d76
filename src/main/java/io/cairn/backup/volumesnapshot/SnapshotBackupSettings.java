package io.cairn.backup.volumesnapshot;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.OnlineConfiguration;
import io.cairn.api.v1.SnapshotOwnerReference;
import io.cairn.api.v1.VolumeSnapshotConfiguration;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How one volume snapshot backup is taken: the Cluster's {@code spec.backup.volumeSnapshot} with the Backup's
 * overrides (CloudNativePG: {@code spec.online} replaces {@code online}, {@code spec.onlineConfiguration} replaces
 * the whole {@code onlineConfiguration}) and the deadline annotation. Pure.
 *
 * @param deadline how long a snapshot error may last, or a snapshot may stay unprovisioned or not ready, before
 *     the backup fails ({@code cnpg.io/volumeSnapshotDeadline} minutes, default 10)
 */
public record SnapshotBackupSettings(
        boolean online,
        boolean immediateCheckpoint,
        boolean waitForArchive,
        String className,
        String walClassName,
        Map<String, String> tablespaceClassName,
        SnapshotOwnerReference owner,
        Map<String, String> labels,
        Map<String, String> annotations,
        Duration deadline) {

    public static final String DEADLINE_ANNOTATION = "cnpg.io/volumeSnapshotDeadline";
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);

    /** The settings of {@code backup} of {@code cluster}, whose {@code spec.backup.volumeSnapshot} is set. */
    public static SnapshotBackupSettings of(Backup backup, Cluster cluster) {
        VolumeSnapshotConfiguration config = cluster.getSpec().backup().volumeSnapshot();
        OnlineConfiguration online = backup.getSpec().onlineConfiguration() != null
                ? backup.getSpec().onlineConfiguration()
                : config.onlineConfiguration();
        return new SnapshotBackupSettings(
                online(backup, cluster),
                online != null && Boolean.TRUE.equals(online.immediateCheckpoint()),
                online == null || !Boolean.FALSE.equals(online.waitForArchive()),
                config.className(),
                config.walClassName() != null ? config.walClassName() : config.className(),
                Optional.ofNullable(config.tablespaceClassName()).orElse(Map.of()),
                Optional.ofNullable(config.snapshotOwnerReference()).orElse(SnapshotOwnerReference.NONE),
                Optional.ofNullable(config.labels()).orElse(Map.of()),
                Optional.ofNullable(config.annotations()).orElse(Map.of()),
                deadline(backup));
    }

    /** CloudNativePG's GetOnlineOrDefault for a volume snapshot backup: the Backup's, else the Cluster's, else true. */
    static boolean online(Backup backup, Cluster cluster) {
        if (backup.getSpec().online() != null) {
            return backup.getSpec().online();
        }
        VolumeSnapshotConfiguration config = cluster.getSpec().backup() == null
                ? null
                : cluster.getSpec().backup().volumeSnapshot();
        return config == null || config.online() == null || config.online();
    }

    /** The class of a claim of this role: className, with the WAL's and each tablespace's own when set. */
    public String classFor(SnapshotRole role, String tablespaceName) {
        return switch (role) {
            case PG_DATA -> className;
            case PG_WAL -> walClassName;
            case PG_TABLESPACE -> tablespaceClassName.getOrDefault(tablespaceName, className);
        };
    }

    /** {@code cnpg.io/volumeSnapshotDeadline} in minutes; missing or not an integer: 10 minutes. */
    static Duration deadline(Backup backup) {
        Map<String, String> annotations = backup.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(DEADLINE_ANNOTATION);
        if (value == null) {
            return DEFAULT_DEADLINE;
        }
        try {
            return Duration.ofMinutes(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return DEFAULT_DEADLINE;
        }
    }
}
