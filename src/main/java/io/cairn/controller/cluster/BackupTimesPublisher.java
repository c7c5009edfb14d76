package io.cairn.controller.cluster;

import io.cairn.api.v1.ClusterStatus;
import io.cairn.controller.cluster.ClusterStatusFactory.ObservedInstance;
import io.cairn.instance.api.BackupTimes;
import io.cairn.instance.api.client.InstanceClient;
import io.cairn.instance.api.client.InstanceReply;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Gives every ready instance the Cluster's backup times ({@code PUT /pg/backup-times}) at each status refresh, so
 * its {@code cnpg_collector_*_backup*} metrics follow the Cluster's status, also after the instance restarts. Cheap
 * and best effort: an instance that does not take them gets them again at the next refresh.
 */
final class BackupTimesPublisher {

    private static final Logger LOG = Logger.getLogger(BackupTimesPublisher.class);

    private final InstanceClient instances;

    BackupTimesPublisher(InstanceClient instances) {
        this.instances = instances;
    }

    void publish(ClusterStatus status, List<ObservedInstance> observed) {
        BackupTimes times = times(status);
        for (ObservedInstance instance : observed) {
            if (!instance.podReady() || instance.ip() == null || instance.ip().isEmpty()) {
                continue;
            }
            InstanceReply<?> reply = instances.putBackupTimes(instance.ip(), times);
            if (!reply.succeeded()) {
                LOG.debugf("instance %s did not take the backup times: %s", instance.name(), reply.error());
            }
        }
    }

    static BackupTimes times(ClusterStatus status) {
        return new BackupTimes(
                time(status.firstRecoverabilityPoint()),
                time(status.lastSuccessfulBackup()),
                time(status.lastFailedBackup()));
    }

    private static OffsetDateTime time(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(rfc3339);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
