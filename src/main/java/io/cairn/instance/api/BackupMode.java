package io.cairn.instance.api;

/**
 * Where the instance's backup mode is ({@code GET /pg/backup-mode}, and the answer of {@code POST}/{@code PUT}).
 *
 * @param backupName the backup it was started for, null when none was ever started in this session
 * @param sessionId the instance manager session that holds the backup's connection
 * @param phase where it is; null when none was ever started
 * @param beginLSN what {@code pg_backup_start} returned, once started
 * @param endLSN what {@code pg_backup_stop} returned, once completed
 * @param backupLabelFile the backup_label file returned by {@code pg_backup_stop}, base64
 * @param tablespaceMapFile the tablespace_map file returned by {@code pg_backup_stop}, base64 (empty without
 *     tablespaces)
 * @param error why it failed, else null
 */
public record BackupMode(
        String backupName,
        String sessionId,
        Phase phase,
        String beginLSN,
        String endLSN,
        String backupLabelFile,
        String tablespaceMapFile,
        String error) {

    public enum Phase {
        /** {@code pg_backup_start} runs (it waits for a checkpoint). */
        STARTING,
        /** In backup mode: the volumes may be snapshotted. */
        STARTED,
        /** {@code pg_backup_stop} runs (it may wait for the WAL to be archived). */
        CLOSING,
        /** Out of backup mode, the connection closed: the LSNs and files are filled. */
        COMPLETED,
        /** Starting or stopping failed; {@code error} says why. The connection is closed. */
        FAILED
    }

    public static BackupMode none(String sessionId) {
        return new BackupMode(null, sessionId, null, null, null, null, null, null);
    }

    public boolean isFor(String name) {
        return name != null && name.equals(backupName);
    }
}
