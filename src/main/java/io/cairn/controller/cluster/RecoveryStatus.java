package io.cairn.controller.cluster;

import io.cairn.api.v1.ClusterStatus;
import io.cairn.api.v1.ConditionTypes;
import io.cairn.controller.cluster.ClusterStatusFactory.ObservedInstance;
import io.cairn.support.Conditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a recovering Cluster's status says while its recovery cannot go on: the Cluster waits for its source (a
 * Backup that is missing or not completed, a misnamed external cluster), or the first instance reported that the
 * recovery cannot succeed (no backup with that ID, no backup before the target). Pure.
 */
final class RecoveryStatus {

    static final String RECOVERY_FAILED = "RecoveryFailed";

    private RecoveryStatus() {}

    /** The first instance's recovery failure, from its {@code /pg/status}. */
    static Optional<RecoverySource.Waiting> failure(String primary, List<ObservedInstance> observed) {
        return observed.stream()
                .filter(o -> o.name().equals(primary) && o.status() != null)
                .map(o -> o.status().recoveryFailure())
                .filter(Objects::nonNull)
                .findFirst()
                .map(failure ->
                        new RecoverySource.Waiting(RECOVERY_FAILED, "Instance " + primary + ": " + failure.message()));
    }

    /** {@code built} with the phase reason and a False Ready condition saying why the recovery does not go on. */
    static ClusterStatus waiting(ClusterStatus built, RecoverySource.Waiting waiting, Long generation, Instant now) {
        List<io.fabric8.kubernetes.api.model.Condition> conditions = Conditions.set(
                built.conditions(),
                Conditions.condition(ConditionTypes.READY, false, waiting.reason(), waiting.message(), generation),
                now);
        return new ClusterStatus(
                built.observedGeneration(),
                built.instances(),
                built.readyInstances(),
                built.instancesStatus(),
                built.instanceNames(),
                built.currentPrimary(),
                built.targetPrimary(),
                built.timelineID(),
                ClusterStatusFactory.PHASE_SETTING_UP_PRIMARY,
                waiting.message(),
                built.image(),
                built.selector(),
                built.writeService(),
                built.readService(),
                built.firstRecoverabilityPoint(),
                built.firstRecoverabilityPointByMethod(),
                built.lastSuccessfulBackup(),
                built.lastSuccessfulBackupByMethod(),
                built.lastFailedBackup(),
                new ArrayList<>(conditions));
    }
}
