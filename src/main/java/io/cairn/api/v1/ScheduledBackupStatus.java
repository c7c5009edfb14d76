package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;

/** Where a schedule stands. What is due is derived from {@code lastCheckTime} and the schedule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduledBackupStatus(
        @JsonPropertyDescription("The generation of the spec this status describes.")
        Long observedGeneration,

        @JsonPropertyDescription("The last time the schedule was evaluated.")
        Instant lastCheckTime,

        @JsonPropertyDescription("The scheduled time of the last Backup created or adopted.")
        Instant lastScheduleTime,

        @JsonPropertyDescription(
                "The next time a Backup is due: the next slot, plus spreadOffset with a " + "spreadWindow.")
        Instant nextScheduleTime,

        @JsonPropertyDescription("Cairn extension: with spec.spreadWindow, how long after its slot the next Backup "
                + "is due, e.g. '17m23s' (nextScheduleTime minus this is the slot the Backup is named after).")
        String spreadOffset,

        @JsonPropertyDescription("Why the schedule is not being followed, if it is not.")
        String error,

        @JsonPropertyDescription("Cairn extension: ScheduleValid (the schedule and time zone parse) and "
                + "ScheduleExplicit (False for five-field and descriptor schedules, saying when they really fire).")
        List<Condition> conditions) {

    /** A status with no fields set. */
    public static final ScheduledBackupStatus EMPTY =
            new ScheduledBackupStatus(null, null, null, null, null, null, null);
}
