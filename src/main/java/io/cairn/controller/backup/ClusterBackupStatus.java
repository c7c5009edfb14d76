package io.cairn.controller.backup;

import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ClusterStatus;
import io.cairn.support.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The backup fields of a Cluster's status: {@code lastFailedBackup} and the {@code LastBackupSucceeded} condition.
 * Written as a merge patch of only those fields, guarded by the resourceVersion read (the conditions list is
 * replaced as a whole), and retried on conflict, so what other writers put in the Cluster's status is kept.
 */
@ApplicationScoped
class ClusterBackupStatus {

    static final String LAST_BACKUP_SUCCEEDED = "LastBackupSucceeded";
    static final String LAST_BACKUP_FAILED = "LastBackupFailed";
    private static final int ATTEMPTS = 5;
    private static final Logger LOG = Logger.getLogger(ClusterBackupStatus.class);

    @Inject
    KubernetesClient client;

    /** Records that a backup of {@code cluster} failed with {@code message} at {@code now}. */
    void backupFailed(Cluster cluster, String message, Instant now) {
        String namespace = cluster.getMetadata().getNamespace();
        String name = cluster.getMetadata().getName();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Cluster fresh = client.resources(Cluster.class).inNamespace(namespace).withName(name).get();
            if (fresh == null) {
                return;
            }
            List<Condition> conditions = Conditions.set(
                    Optional.ofNullable(fresh.getStatus()).orElse(ClusterStatus.EMPTY).conditions(),
                    Conditions.condition(LAST_BACKUP_SUCCEEDED, false, LAST_BACKUP_FAILED, message,
                            fresh.getMetadata().getGeneration()), now);
            String patch = Serialization.asJson(Map.of(
                    "metadata", Map.of("resourceVersion", fresh.getMetadata().getResourceVersion()),
                    "status", Map.of("lastFailedBackup",
                            DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)),
                            "conditions", conditions)));
            try {
                client.resources(Cluster.class).inNamespace(namespace).withName(name).subresource("status")
                        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
                    LOG.warnf("could not record the failed backup in the status of cluster %s/%s: %s", namespace,
                            name, e.getMessage());
                    return;
                }
            }
        }
    }
}
