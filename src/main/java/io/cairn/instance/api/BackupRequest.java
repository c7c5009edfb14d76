package io.cairn.instance.api;

import io.cairn.api.v1.BarmanObjectStoreConfiguration;

/**
 * {@code POST /pg/backups}: take a base backup of this instance with barman-cloud-backup.
 *
 * @param backupName the Backup object's name: the idempotency key of the job
 * @param barmanName the name given to barman ({@code --name}), CloudNativePG's {@code backup-<YYYYMMDDhhmmss>}
 * @param barmanObjectStore the Cluster's {@code spec.backup.barmanObjectStore} at the time of the request (data
 *     options, endpoint, destination, tags); the credentials themselves are in the pod's environment
 * @param serverName the effective server name (store's serverName, else the Cluster's name)
 * @param retentionPolicy the Cluster's {@code spec.backup.retentionPolicy} ({@code ^[1-9][0-9]*[dwm]$}), applied
 *     with barman-cloud-backup-delete after the backup; null for none
 */
public record BackupRequest(
        String backupName,
        String barmanName,
        BarmanObjectStoreConfiguration barmanObjectStore,
        String serverName,
        String retentionPolicy) {}
