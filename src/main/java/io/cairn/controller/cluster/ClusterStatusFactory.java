package io.cairn.controller.cluster;

import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ClusterStatus;
import io.cairn.api.v1.ConditionReasons;
import io.cairn.api.v1.ConditionTypes;
import io.cairn.api.v1.InstanceLsns;
import io.cairn.api.v1.InstanceReportedState;
import io.cairn.instance.api.ArchiveResult;
import io.cairn.instance.api.InstanceStatus;
import io.cairn.support.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds a Cluster's status from what its pods and instance managers report. Pure. */
public final class ClusterStatusFactory {

    public static final String PHASE_HEALTHY = "Cluster in healthy state";
    public static final String PHASE_SETTING_UP_PRIMARY = "Setting up primary";
    public static final String PHASE_CREATING_REPLICA = "Creating a new replica";
    public static final String PHASE_WAITING = "Waiting for the instances to become active";

    private ClusterStatusFactory() {}

    /**
     * One observed instance: its name, whether its pod is Ready, its pod IP and its instance manager's status (null
     * when the pod has no IP yet or its instance manager did not answer).
     */
    public record ObservedInstance(String name, boolean podReady, String ip, InstanceStatus status) {

        public ObservedInstance(String name, boolean podReady, InstanceStatus status) {
            this(name, podReady, null, status);
        }

        /** The status, when the instance manager answered with PostgreSQL's state. */
        Optional<InstanceStatus> answered() {
            return status != null && status.error() == null ? Optional.of(status) : Optional.empty();
        }
    }

    public static ClusterStatus build(Cluster cluster, String primary, List<ObservedInstance> observed, Instant now) {
        return build(cluster, null, primary, observed, now);
    }

    /** @param image the PostgreSQL image the instances run (CloudNativePG's {@code status.image}); null: as it was */
    public static ClusterStatus build(
            Cluster cluster, String image, String primary, List<ObservedInstance> observed, Instant now) {
        ClusterStatus current = cluster.getStatus() != null ? cluster.getStatus() : ClusterStatus.EMPTY;
        Long generation = cluster.getMetadata().getGeneration();
        int desired = cluster.getSpec().instances();
        List<String> names = observed.stream()
                .map(ObservedInstance::name)
                .sorted(ClusterStatusFactory::bySerial)
                .toList();
        List<String> healthy = observed.stream()
                .filter(ObservedInstance::podReady)
                .map(ObservedInstance::name)
                .sorted(ClusterStatusFactory::bySerial)
                .toList();
        List<String> other = observed.stream()
                .filter(o -> !o.podReady())
                .map(ObservedInstance::name)
                .sorted(ClusterStatusFactory::bySerial)
                .toList();
        Map<String, List<String>> instancesStatus = new LinkedHashMap<>();
        if (!healthy.isEmpty()) {
            instancesStatus.put("healthy", healthy);
        }
        if (!other.isEmpty()) {
            instancesStatus.put("failed", other);
        }
        boolean primaryReady = healthy.contains(primary);
        boolean allReady = primaryReady && healthy.size() == desired && observed.size() == desired;
        String phase = allReady
                ? PHASE_HEALTHY
                : !primaryReady
                        ? PHASE_SETTING_UP_PRIMARY
                        : observed.size() < desired ? PHASE_CREATING_REPLICA : PHASE_WAITING;
        String reason = allReady ? null : healthy.size() + " of " + desired + " instances ready";

        List<Condition> conditions = Conditions.set(
                current.conditions(),
                allReady
                        ? Conditions.condition(
                                ConditionTypes.READY,
                                true,
                                ConditionReasons.CLUSTER_IS_READY,
                                "Cluster is Ready",
                                generation)
                        : Conditions.condition(
                                ConditionTypes.READY,
                                false,
                                ConditionReasons.CLUSTER_IS_NOT_READY,
                                "Cluster Is Not Ready: " + reason,
                                generation),
                now);
        if (ClusterResources.barmanObjectStore(cluster) != null) {
            Optional<ArchiveResult> lastArchive = observed.stream()
                    .filter(o -> o.name().equals(primary))
                    .map(ObservedInstance::status)
                    .filter(r -> r != null)
                    .findFirst()
                    .map(InstanceStatus::lastArchive);
            if (lastArchive.isPresent()) {
                ArchiveResult last = lastArchive.get();
                conditions = Conditions.set(
                        conditions,
                        last.success()
                                ? Conditions.condition(
                                        ConditionTypes.CONTINUOUS_ARCHIVING,
                                        true,
                                        ConditionReasons.CONTINUOUS_ARCHIVING_SUCCESS,
                                        "Continuous archiving is working; last archived WAL " + last.walName(),
                                        generation)
                                : Conditions.condition(
                                        ConditionTypes.CONTINUOUS_ARCHIVING,
                                        false,
                                        ConditionReasons.CONTINUOUS_ARCHIVING_FAILING,
                                        "Archiving " + last.walName() + " failed: " + last.message(),
                                        generation),
                        now);
            }
        } else {
            conditions = without(conditions, ConditionTypes.CONTINUOUS_ARCHIVING);
        }
        conditions = unsupportedFields(cluster, conditions, now);
        Integer timeline = observed.stream()
                .filter(o -> o.name().equals(primary) && o.status() != null)
                .map(o -> o.status().timeline())
                .filter(t -> t != null)
                .findFirst()
                .orElse(current.timelineID());
        String currentPrimary = primaryReady ? primary : current.currentPrimary();
        // no pods yet: left out, as server-side apply turns an empty object into a null the schema refuses
        return new ClusterStatus(
                generation,
                observed.size(),
                healthy.size(),
                instancesStatus.isEmpty() ? null : instancesStatus,
                names,
                currentPrimary,
                primary,
                timeline,
                phase,
                reason,
                image != null ? image : current.image(),
                ClusterResources.selector(cluster),
                ClusterResources.serviceName(cluster, "rw"),
                ClusterResources.serviceName(cluster, "r"),
                current.firstRecoverabilityPoint(),
                current.firstRecoverabilityPointByMethod(),
                current.lastSuccessfulBackup(),
                current.lastSuccessfulBackupByMethod(),
                current.lastFailedBackup(),
                new ArrayList<>(conditions),
                reportedStates(observed, primary),
                lsns(observed),
                null);
    }

    /** CloudNativePG's {@code instancesReportedState}: the instances that answered, by name; null when none did. */
    static Map<String, InstanceReportedState> reportedStates(List<ObservedInstance> observed, String primary) {
        Map<String, InstanceReportedState> states = new LinkedHashMap<>();
        observed.stream()
                .sorted((a, b) -> bySerial(a.name(), b.name()))
                .forEach(o -> o.answered()
                        .ifPresent(r -> states.put(
                                o.name(),
                                new InstanceReportedState(isPrimary(r, o.name(), primary), r.timeline(), o.ip()))));
        return states.isEmpty() ? null : states;
    }

    /** Cairn's {@code instanceLsns}: each answering instance's role and WAL positions, by serial; null when none. */
    static List<InstanceLsns> lsns(List<ObservedInstance> observed) {
        List<InstanceLsns> lsns = observed.stream()
                .sorted((a, b) -> bySerial(a.name(), b.name()))
                .flatMap(o -> o
                        .answered()
                        .map(r ->
                                new InstanceLsns(o.name(), r.role(), r.currentLsn(), r.receivedLsn(), r.replayedLsn()))
                        .stream())
                .toList();
        return lsns.isEmpty() ? null : new ArrayList<>(lsns);
    }

    private static boolean isPrimary(InstanceStatus status, String name, String primary) {
        return status.role() != null ? status.primary() : name.equals(primary);
    }

    /**
     * {@code UnsupportedFields} (True) names the top-level CloudNativePG fields that are set but not implemented
     * (product decision 1); absent when there are none.
     */
    static List<Condition> unsupportedFields(Cluster cluster, List<Condition> conditions, Instant now) {
        List<String> fields = cluster.getSpec().unmodelledFieldNames();
        if (fields.isEmpty()) {
            return without(conditions, ConditionTypes.UNSUPPORTED_FIELDS);
        }
        return Conditions.set(
                conditions,
                Conditions.condition(
                        ConditionTypes.UNSUPPORTED_FIELDS,
                        true,
                        ConditionReasons.FIELDS_NOT_IMPLEMENTED,
                        unsupportedFieldsMessage(fields),
                        cluster.getMetadata().getGeneration()),
                now);
    }

    static String unsupportedFieldsMessage(List<String> fields) {
        return "Cairn does not implement these CloudNativePG fields; they are kept but have no effect: spec."
                + String.join(", spec.", fields);
    }

    private static List<Condition> without(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> !type.equals(c.getType())).toList();
    }

    private static int bySerial(String a, String b) {
        return Integer.compare(serial(a), serial(b));
    }

    private static int serial(String name) {
        int dash = name.lastIndexOf('-');
        try {
            return Integer.parseInt(name.substring(dash + 1));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
