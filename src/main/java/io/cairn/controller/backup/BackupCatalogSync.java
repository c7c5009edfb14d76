package io.cairn.controller.backup;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.Cluster;
import io.cairn.event.EventRecorder;
import io.cairn.instance.api.BackupJob;
import io.cairn.instance.api.BarmanBackupInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * What follows a barman job, success or failure (CloudNativePG's backup maintenance, section 4.1): report what
 * retention did, delete the Backup objects whose data left the catalogue, and record the recoverability window on
 * the Cluster. Deleting a Backup object never deletes object-store data.
 */
@ApplicationScoped
class BackupCatalogSync {

    static final String RETENTION_POLICY_FAILED = "RetentionPolicyFailed";
    static final String RETENTION_POLICY_APPLIED = "RetentionPolicyApplied";
    static final String CATALOG_UNAVAILABLE = "BackupCatalogUnavailable";
    private static final Logger LOG = Logger.getLogger(BackupCatalogSync.class);

    @Inject
    KubernetesClient client;

    @Inject
    EventRecorder events;

    @Inject
    ClusterBackupStatus clusterStatus;

    /**
     * @param backupsOfTheCluster the cluster's Backups as cached (the finished one included)
     * @param completed the finished backup's stop time when it completed, empty when it failed
     */
    void afterJob(
            Cluster cluster,
            Optional<BackupJob> job,
            Collection<Backup> backupsOfTheCluster,
            Optional<Instant> completed,
            Instant now) {
        Optional<CatalogTimes> times = Optional.empty();
        if (job.isPresent()) {
            retention(cluster, job.get(), backupsOfTheCluster);
            if (job.get().catalog() != null) {
                times = Optional.of(CatalogTimes.of(job.get().catalog()));
            } else if (job.get().catalogError() != null) {
                events.warning(
                        cluster,
                        CATALOG_UNAVAILABLE,
                        "Could not list the backups in the object store: "
                                + job.get().catalogError());
            }
        }
        if (completed.isPresent()) {
            clusterStatus.backupSucceeded(cluster, BackupMethod.BARMAN_OBJECT_STORE, times, completed.get(), now);
        } else {
            times.ifPresent(t -> clusterStatus.catalogListed(cluster, BackupMethod.BARMAN_OBJECT_STORE, t, now));
        }
    }

    private void retention(Cluster cluster, BackupJob job, Collection<Backup> backupsOfTheCluster) {
        BackupJob.Retention retention = job.retention();
        if (retention != null && retention.error() != null) {
            events.warning(
                    cluster,
                    RETENTION_POLICY_FAILED,
                    "Retention policy " + retention.policy() + " could not be applied: " + retention.error());
        }
        List<String> deleted = new ArrayList<>();
        if (job.catalog() != null) {
            Set<String> ids =
                    job.catalog().stream().map(BarmanBackupInfo::backupId).collect(Collectors.toSet());
            for (Backup obsolete : RetentionSelection.obsolete(
                    backupsOfTheCluster,
                    cluster.getMetadata().getName(),
                    cluster.getSpec().backup().barmanObjectStore(),
                    ids)) {
                try {
                    client.resource(obsolete).delete();
                    deleted.add(obsolete.getMetadata().getName() + " ("
                            + obsolete.getStatus().backupId() + ")");
                } catch (KubernetesClientException e) {
                    LOG.warnf(
                            "could not delete Backup %s/%s, whose data left the catalogue: %s",
                            obsolete.getMetadata().getNamespace(),
                            obsolete.getMetadata().getName(),
                            e.getMessage());
                }
            }
        }
        List<String> removed =
                retention == null || retention.removedBackupIds() == null ? List.of() : retention.removedBackupIds();
        if (!removed.isEmpty() || !deleted.isEmpty()) {
            events.normal(
                    cluster,
                    RETENTION_POLICY_APPLIED,
                    (retention == null ? "Retention" : "Retention policy " + retention.policy())
                            + " removed from the object store: "
                            + (removed.isEmpty() ? "none" : String.join(", ", removed)) + "; Backup objects deleted: "
                            + (deleted.isEmpty() ? "none" : String.join(", ", deleted)));
        }
    }
}
