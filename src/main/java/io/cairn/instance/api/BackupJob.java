package io.cairn.instance.api;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A backup job as the instance manager knows it ({@code GET /pg/backups/<backupName>}).
 *
 * @param backupName the Backup object's name
 * @param sessionId the instance manager session that runs the job
 * @param phase where the job is
 * @param barmanName the {@code --name} given to barman
 * @param acceptedAt when the request was accepted
 * @param finishedAt when barman-cloud-backup (and show) finished, null while running
 * @param error on failure: barman's own message (the last meaningful lines of its stderr), else null
 * @param backup on completion: what barman-cloud-backup-show reports
 * @param catalog after the job (success or failure, after retention): barman-cloud-backup-list of the server;
 *     null when listing failed (see {@code catalogError})
 * @param catalogError why the catalog could not be listed, else null
 * @param retention what retention did, null without a policy
 */
public record BackupJob(
        String backupName,
        String sessionId,
        Phase phase,
        String barmanName,
        OffsetDateTime acceptedAt,
        OffsetDateTime finishedAt,
        String error,
        BarmanBackupInfo backup,
        List<BarmanBackupInfo> catalog,
        String catalogError,
        Retention retention) {

    public enum Phase {
        /** barman-cloud-backup runs. */
        RUNNING,
        /** barman-cloud-backup succeeded and {@code backup} is filled. */
        COMPLETED,
        /** barman-cloud-backup (or show) failed; {@code error} says why. */
        FAILED
    }

    /**
     * @param policy the Cluster's policy, e.g. {@code 30d}
     * @param removedBackupIds the backup IDs the catalog lost to barman-cloud-backup-delete
     * @param error barman-cloud-backup-delete's message when it failed, else null
     */
    public record Retention(String policy, List<String> removedBackupIds, String error) {}
}
