package io.cairn.instance.api;

import java.time.OffsetDateTime;

/**
 * {@code PUT /pg/backup-times}: the Cluster's status times the instance exports as
 * {@code cnpg_collector_first_recoverability_point}, {@code cnpg_collector_last_available_backup_timestamp} and
 * {@code cnpg_collector_last_failed_backup_timestamp} (0 when null; CloudNativePG exports them on the primary only).
 */
public record BackupTimes(
        OffsetDateTime firstRecoverabilityPoint,
        OffsetDateTime lastSuccessfulBackup,
        OffsetDateTime lastFailedBackup) {}
