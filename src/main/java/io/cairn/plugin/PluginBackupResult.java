package io.cairn.plugin;

import cnpgi.backup.v1.BackupOuterClass.BackupResult;
import java.time.Instant;
import java.util.Map;

/**
 * A plugin's answer to a Backup call, as it lands in the Backup's status (CloudNativePG copies every field but
 * {@code instance_id}: the operator, not the plugin, knows which instance ran it). Times are absent when the plugin
 * sent zero.
 */
public record PluginBackupResult(
        String backupId,
        String backupName,
        Instant startedAt,
        Instant stoppedAt,
        String beginWal,
        String endWal,
        String beginLsn,
        String endLsn,
        byte[] backupLabelFile,
        byte[] tablespaceMapFile,
        String instanceId,
        boolean online,
        Map<String, String> metadata) {

    public PluginBackupResult {
        metadata = Map.copyOf(metadata);
    }

    static PluginBackupResult of(BackupResult result) {
        return new PluginBackupResult(
                result.getBackupId(),
                result.getBackupName(),
                instant(result.getStartedAt()),
                instant(result.getStoppedAt()),
                result.getBeginWal(),
                result.getEndWal(),
                result.getBeginLsn(),
                result.getEndLsn(),
                result.getBackupLabelFile().toByteArray(),
                result.getTablespaceMapFile().toByteArray(),
                result.getInstanceId(),
                result.getOnline(),
                result.getMetadataMap());
    }

    private static Instant instant(long unixSeconds) {
        return unixSeconds == 0 ? null : Instant.ofEpochSecond(unixSeconds);
    }
}
