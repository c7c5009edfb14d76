package io.cairn.backup;

import io.cairn.api.v1.BackupMethod;

/**
 * Takes backups with one {@link BackupMethod}. One {@code @ApplicationScoped} bean per method; the Backup reconciler
 * picks it through {@link BackupMethodExecutors} once the prerequisites and the concurrency gate have passed, and
 * calls {@link #step} on every reconcile until the backup is done. A step must be idempotent: look at the world
 * first (is the snapshot there, is the instance already running the backup?), then act, then say what next.
 */
public interface BackupMethodExecutor {

    /** The method this bean serves. */
    BackupMethod method();

    /** Who runs the backup: the instance manager in the target pod, or the operator itself. */
    Runner runner();

    /** One resumable step of the backup; never blocks waiting. */
    BackupStep step(BackupRun run);

    /**
     * Gives back what a started backup holds on the Cluster (a fenced instance, an instance in backup mode, snapshots
     * with no owner) once the reconciler failed it or it was deleted, whatever the reason. Idempotent, best effort.
     */
    default void release(BackupRun run) {}

    /** Where a method's work happens (CloudNativePG: instance-managed vs operator-managed). */
    enum Runner {
        /** The instance manager in the elected pod runs the tool and writes the Backup's status (barman, plugin). */
        INSTANCE,
        /** The operator drives every step itself (volume snapshots). */
        OPERATOR
    }
}
