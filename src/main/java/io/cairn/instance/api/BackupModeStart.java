package io.cairn.instance.api;

/**
 * {@code POST /pg/backup-mode}: put this instance in backup mode for a hot volume snapshot backup.
 *
 * @param backupName the Backup object's name: the label of {@code pg_backup_start} and the idempotency key
 * @param immediateCheckpoint {@code fast} of {@code pg_backup_start} (the Backup's
 *     {@code onlineConfiguration.immediateCheckpoint})
 * @param waitForArchive {@code wait_for_archive} of the later {@code pg_backup_stop}
 */
public record BackupModeStart(String backupName, boolean immediateCheckpoint, boolean waitForArchive) {}
