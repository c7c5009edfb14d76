package io.cairn.controller.scheduledbackup;

import io.cairn.api.v1.ConditionReasons;
import io.cairn.api.v1.ConditionTypes;
import io.cairn.api.v1.ScheduledBackup;
import io.cairn.api.v1.ScheduledBackupStatus;
import io.cairn.controller.scheduledbackup.ScheduleDecision.Activation;
import io.cairn.support.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Builds a ScheduledBackup's next status: the schedule times, the error and the two conditions. */
final class ScheduledBackupStatusFactory {

    private ScheduledBackupStatusFactory() {}

    static ScheduledBackupStatus current(ScheduledBackup scheduledBackup) {
        return Optional.ofNullable(scheduledBackup.getStatus()).orElse(ScheduledBackupStatus.EMPTY);
    }

    /** A valid schedule, with its times (the next activation: null for none) and how explicit it is. */
    static ScheduledBackupStatus valid(
            ScheduledBackup scheduledBackup,
            Instant lastCheckTime,
            Instant lastScheduleTime,
            Activation next,
            String explicitReason,
            String explanation,
            Instant now) {
        ScheduledBackupStatus current = current(scheduledBackup);
        Long generation = scheduledBackup.getMetadata().getGeneration();
        List<Condition> conditions = Conditions.set(
                current.conditions(),
                Conditions.condition(
                        ConditionTypes.SCHEDULE_VALID,
                        true,
                        ConditionReasons.SCHEDULE_PARSED,
                        "the schedule and time zone are valid",
                        generation),
                now);
        conditions = Conditions.set(
                conditions,
                Conditions.condition(
                        ConditionTypes.SCHEDULE_EXPLICIT,
                        ScheduleExplanation.EXPLICIT.equals(explicitReason),
                        explicitReason,
                        explanation,
                        generation),
                now);
        boolean spread = next != null && scheduledBackup.getSpec().spreadWindow() != null;
        return new ScheduledBackupStatus(
                generation,
                lastCheckTime,
                lastScheduleTime,
                next == null ? null : next.startsAt(),
                spread ? ScheduleSpread.format(next.offset()) : null,
                null,
                conditions);
    }

    /** An invalid schedule: the error is kept, the schedule times are left as they were. */
    static ScheduledBackupStatus invalid(ScheduledBackup scheduledBackup, String reason, String message, Instant now) {
        ScheduledBackupStatus current = current(scheduledBackup);
        Long generation = scheduledBackup.getMetadata().getGeneration();
        List<Condition> conditions = Conditions.set(
                current.conditions(),
                Conditions.condition(ConditionTypes.SCHEDULE_VALID, false, reason, message, generation),
                now);
        return new ScheduledBackupStatus(
                generation, current.lastCheckTime(), current.lastScheduleTime(), null, null, message, conditions);
    }
}
