package io.cairn.controller.backup;

import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ClusterStatus;
import io.cairn.api.v1.ConditionReasons;
import io.cairn.api.v1.ConditionTypes;
import io.cairn.support.Conditions;
import io.cairn.support.StatusPatch;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The backup fields of a Cluster's status: {@code lastFailedBackup}, {@code lastSuccessfulBackup(ByMethod)},
 * {@code firstRecoverabilityPoint(ByMethod)} and the {@code LastBackupSucceeded} condition. Written with
 * {@link StatusPatch#merge} (only those fields, guarded by the resourceVersion read; the conditions list is replaced
 * as a whole) and retried on conflict, so what the Cluster reconciler puts in the Cluster's status is kept.
 */
@ApplicationScoped
class ClusterBackupStatus {

    private static final int ATTEMPTS = 5;
    private static final Logger LOG = Logger.getLogger(ClusterBackupStatus.class);

    @Inject
    KubernetesClient client;

    /** Records that a backup of {@code cluster} failed with {@code message} at {@code now}. */
    void backupFailed(Cluster cluster, String message, Instant now) {
        patch(
                cluster,
                "the failed backup",
                now,
                status -> Map.of("lastFailedBackup", rfc3339(now)),
                Conditions.condition(
                        ConditionTypes.LAST_BACKUP_SUCCEEDED,
                        false,
                        ConditionReasons.LAST_BACKUP_FAILED,
                        message,
                        null));
    }

    /** CloudNativePG's "New Backup starting up". */
    void backupStarting(Cluster cluster, Instant now) {
        patch(
                cluster,
                "the starting backup",
                now,
                status -> Map.of(),
                Conditions.condition(
                        ConditionTypes.LAST_BACKUP_SUCCEEDED,
                        false,
                        ConditionReasons.BACKUP_STARTED,
                        "New Backup starting up",
                        null));
    }

    /**
     * Records a successful backup: the method's recoverability window (from the catalogue when known, else the
     * previous first point and {@code stoppedAt}), the aggregates over methods, and {@code LastBackupSucceeded}.
     */
    void backupSucceeded(
            Cluster cluster, BackupMethod method, Optional<CatalogTimes> catalog, Instant stoppedAt, Instant now) {
        patch(
                cluster,
                "the completed backup",
                now,
                status -> {
                    Map<String, Instant> first =
                            new HashMap<>(Optional.ofNullable(status.firstRecoverabilityPointByMethod())
                                    .orElse(Map.of()));
                    Map<String, Instant> last = new HashMap<>(Optional.ofNullable(status.lastSuccessfulBackupByMethod())
                            .orElse(Map.of()));
                    CatalogTimes times = catalog.orElseGet(() -> new CatalogTimes(
                            Optional.ofNullable(first.get(method.value())).orElse(stoppedAt), stoppedAt));
                    return recoverability(method, times, first, last);
                },
                Conditions.condition(
                        ConditionTypes.LAST_BACKUP_SUCCEEDED,
                        true,
                        ConditionReasons.LAST_BACKUP_SUCCEEDED,
                        "Backup was successful",
                        null));
    }

    /** The method's recoverability window from a catalogue listed after a failed backup (no condition change). */
    void catalogListed(Cluster cluster, BackupMethod method, CatalogTimes times, Instant now) {
        patch(
                cluster,
                "the backup catalogue",
                now,
                status -> recoverability(
                        method,
                        times,
                        new HashMap<>(Optional.ofNullable(status.firstRecoverabilityPointByMethod())
                                .orElse(Map.of())),
                        new HashMap<>(Optional.ofNullable(status.lastSuccessfulBackupByMethod())
                                .orElse(Map.of()))),
                null);
    }

    /**
     * CloudNativePG's UpdateBackupTimes: a null time removes the method's key; the aggregates are the earliest first
     * point and the latest success over the methods.
     */
    static Map<String, Object> recoverability(
            BackupMethod method, CatalogTimes times, Map<String, Instant> first, Map<String, Instant> last) {
        Map<String, Object> firstPatch = new LinkedHashMap<>();
        Map<String, Object> lastPatch = new LinkedHashMap<>();
        first.remove(method.value());
        last.remove(method.value());
        firstPatch.put(
                method.value(),
                times.firstRecoverabilityPoint() == null ? null : rfc3339(times.firstRecoverabilityPoint()));
        lastPatch.put(
                method.value(), times.lastSuccessfulBackup() == null ? null : rfc3339(times.lastSuccessfulBackup()));
        if (times.firstRecoverabilityPoint() != null) {
            first.put(method.value(), times.firstRecoverabilityPoint());
        }
        if (times.lastSuccessfulBackup() != null) {
            last.put(method.value(), times.lastSuccessfulBackup());
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("firstRecoverabilityPointByMethod", firstPatch);
        fields.put("lastSuccessfulBackupByMethod", lastPatch);
        fields.put(
                "firstRecoverabilityPoint",
                first.values().stream()
                        .min(Instant::compareTo)
                        .map(ClusterBackupStatus::rfc3339)
                        .orElse(""));
        fields.put(
                "lastSuccessfulBackup",
                last.values().stream()
                        .max(Instant::compareTo)
                        .map(ClusterBackupStatus::rfc3339)
                        .orElse(""));
        return fields;
    }

    private void patch(
            Cluster cluster,
            String what,
            Instant now,
            Function<ClusterStatus, Map<String, Object>> fields,
            Condition condition) {
        String namespace = cluster.getMetadata().getNamespace();
        String name = cluster.getMetadata().getName();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Cluster fresh = client.resources(Cluster.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .get();
            if (fresh == null) {
                return;
            }
            ClusterStatus current = Optional.ofNullable(fresh.getStatus()).orElse(ClusterStatus.EMPTY);
            Map<String, Object> status = new LinkedHashMap<>(fields.apply(current));
            if (condition != null) {
                condition.setObservedGeneration(fresh.getMetadata().getGeneration());
                List<Condition> conditions = Conditions.set(current.conditions(), condition, now);
                status.put("conditions", conditions);
            }
            StatusPatch.Result<Cluster> result;
            try {
                result = StatusPatch.merge(client, fresh, status);
            } catch (KubernetesClientException e) {
                LOG.warnf(
                        "could not record %s in the status of cluster %s/%s: %s",
                        what, namespace, name, e.getMessage());
                return;
            }
            if (!result.conflict()) {
                return;
            }
            if (attempt == ATTEMPTS) {
                LOG.warnf(
                        "could not record %s in the status of cluster %s/%s: it kept changing", what, namespace, name);
            }
        }
    }

    static String rfc3339(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
