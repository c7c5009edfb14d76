package io.cairn.controller.backup;

import io.cairn.api.v1.Cluster;
import io.cairn.backup.barman.InstanceBackupClient;
import io.cairn.instance.api.BackupTimes;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Sends the Cluster's backup times to its primary ({@code PUT /pg/backup-times}), which exports them as
 * CloudNativePG's {@code cnpg_collector_first_recoverability_point}, {@code ..._last_available_backup_timestamp} and
 * {@code ..._last_failed_backup_timestamp}. Best effort: the Cluster's status stays the record; an instance that
 * restarts shows them again after the next backup.
 */
@ApplicationScoped
class BackupTimesPublisher {

    private static final Logger LOG = Logger.getLogger(BackupTimesPublisher.class);

    @Inject
    KubernetesClient client;

    @Inject
    InstanceBackupClient instances;

    void publish(Cluster cluster, List<Pod> pods) {
        Cluster fresh = client.resources(Cluster.class).inNamespace(cluster.getMetadata().getNamespace())
                .withName(cluster.getMetadata().getName()).get();
        if (fresh == null || fresh.getStatus() == null) {
            return;
        }
        String primary = fresh.getStatus().currentPrimary() != null ? fresh.getStatus().currentPrimary()
                : fresh.getStatus().targetPrimary();
        String ip = pods.stream().filter(p -> p.getMetadata().getName().equals(primary))
                .map(p -> p.getStatus() == null ? null : p.getStatus().getPodIP()).filter(i -> i != null)
                .findFirst().orElse(null);
        if (ip == null) {
            return;
        }
        InstanceBackupClient.Reply<Boolean> reply = instances.backupTimes(ip, new BackupTimes(
                time(fresh.getStatus().firstRecoverabilityPoint()), time(fresh.getStatus().lastSuccessfulBackup()),
                time(fresh.getStatus().lastFailedBackup())));
        if (!reply.succeeded()) {
            LOG.debugf("could not send the backup times of cluster %s/%s to %s: %s",
                    cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), primary, reply.error());
        }
    }

    private static OffsetDateTime time(String rfc3339) {
        return rfc3339 == null || rfc3339.isEmpty() ? null : OffsetDateTime.parse(rfc3339);
    }
}
