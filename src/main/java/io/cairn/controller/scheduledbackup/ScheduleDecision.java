package io.cairn.controller.scheduledbackup;

import java.time.Instant;

/** What a ScheduledBackup calls for now, decided from its spec, its status and the clock alone. */
sealed interface ScheduleDecision {

    /** The schedule or the time zone cannot be used; nothing is scheduled until the spec changes. */
    record Invalid(String reason, String message) implements ScheduleDecision {}

    /** Suspended: nothing is scheduled and the status is left as it is. */
    record Suspended() implements ScheduleDecision {}

    /** The schedule never fires within five years. */
    record NeverFires() implements ScheduleDecision {}

    /** First look at a schedule without {@code immediate}: start counting from now. */
    record StartTracking(Instant next) implements ScheduleDecision {}

    /** Nothing due before {@code next}. */
    record Wait(Instant next) implements ScheduleDecision {}

    /**
     * A backup is due for {@code slot}. {@code missedSlots} counts the further slots that passed unserved (operator
     * down, suspended, blocked); they collapse into this one backup. {@code nextAfterNow} is the next slot to serve.
     */
    record TakeBackup(Instant slot, boolean immediate, long missedSlots, Instant nextAfterNow)
            implements ScheduleDecision {}
}
