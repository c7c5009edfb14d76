package io.cairn.controller.backup;

import io.cairn.api.v1.Cluster;
import io.quarkus.arc.Arc;
import java.time.Instant;

/** Lets tests of other packages write a Cluster's backup status with the Backup reconciler's own writer. */
public final class BackupStatusWriter {

    private BackupStatusWriter() {}

    /** What the Backup reconciler does when a backup of {@code cluster} fails. */
    public static void backupFailed(Cluster cluster, String message, Instant now) {
        Arc.container().instance(ClusterBackupStatus.class).get().backupFailed(cluster, message, now);
    }
}
