package io.cairn.controller.backup;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The Backup objects whose data is gone from the object store (CloudNativePG's backup maintenance, in-tree): of the
 * cluster's Backups, those {@code completed}, written to the same place as the cluster's object store now (same
 * endpoint, destination path, server name — the configured one, or the cluster's name when none is configured — and
 * credentials references), whose backup ID is not in barman's catalogue any more. Pure.
 */
final class RetentionSelection {

    private RetentionSelection() {}

    static List<Backup> obsolete(
            Collection<Backup> backupsOfTheCluster,
            String clusterName,
            BarmanObjectStoreConfiguration store,
            Set<String> catalogIds) {
        return backupsOfTheCluster.stream()
                .filter(b -> b.getStatus() != null && b.getStatus().phase() == BackupPhase.COMPLETED)
                .filter(b -> sameLocation(b.getStatus(), clusterName, store))
                .filter(b -> b.getStatus().backupId() != null
                        && !catalogIds.contains(b.getStatus().backupId()))
                .sorted(BackupGate.OLDEST_FIRST)
                .toList();
    }

    static boolean sameLocation(BackupStatus status, String clusterName, BarmanObjectStoreConfiguration store) {
        boolean serverName = store.serverName() == null || store.serverName().isEmpty()
                ? clusterName.equals(status.serverName())
                : store.serverName().equals(status.serverName());
        return serverName
                && Objects.equals(emptyToNull(status.endpointURL()), emptyToNull(store.endpointURL()))
                && Objects.equals(status.destinationPath(), store.destinationPath())
                && Objects.equals(status.s3Credentials(), store.s3Credentials())
                && Objects.equals(status.azureCredentials(), store.azureCredentials())
                && Objects.equals(status.googleCredentials(), store.googleCredentials());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
