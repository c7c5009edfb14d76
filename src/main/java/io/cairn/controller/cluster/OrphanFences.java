package io.cairn.controller.cluster;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.backup.volumesnapshot.FencedInstances;
import java.util.Collection;
import java.util.List;

/**
 * The instances of a Cluster's {@code cnpg.io/fencedInstances} that no running backup holds: a cold volumeSnapshot
 * Backup fences its target and lifts the fence itself, but a Backup deleted while it held one never runs again to lift
 * it (the operator SDK does not call the reconciler for a deletion). Cairn does not fence by hand either, so such a
 * fence only keeps PostgreSQL stopped and is lifted. Pure.
 */
final class OrphanFences {

    private OrphanFences() {}

    /**
     * @param backups the Backups of the Cluster's namespace, as the API server has them now
     * @return the fenced instances no unfinished volumeSnapshot Backup of the Cluster targets ({@code *} is never
     *     one: Cairn does not write it)
     */
    static List<String> of(String cluster, FencedInstances fenced, Collection<Backup> backups) {
        return fenced.names().stream()
                .filter(name -> !name.equals("*"))
                .filter(name -> backups.stream().noneMatch(backup -> holds(backup, cluster, name)))
                .toList();
    }

    private static boolean holds(Backup backup, String cluster, String instance) {
        BackupStatus status = backup.getStatus();
        return cluster.equals(backup.getSpec().cluster().name())
                && backup.getMetadata().getDeletionTimestamp() == null
                && status != null
                && status.method() == BackupMethod.VOLUME_SNAPSHOT
                && (status.phase() == null || !status.phase().isTerminal())
                && status.phase() != BackupPhase.PENDING
                && status.instanceID() != null
                && instance.equals(status.instanceID().podName());
    }
}
