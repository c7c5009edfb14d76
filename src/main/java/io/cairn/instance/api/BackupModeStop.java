package io.cairn.instance.api;

/** {@code PUT /pg/backup-mode}: leave backup mode ({@code pg_backup_stop}) for the named backup. */
public record BackupModeStop(String backupName) {}
