package io.cairn.controller.scheduledbackup;

import java.time.Duration;
import java.time.Instant;

/** What a ScheduledBackup calls for now, decided from its spec, its status and the clock alone. */
sealed interface ScheduleDecision {

    /**
     * When a slot's backup is due: {@code slot}, the schedule's time that names the Backup, plus the spread offset
     * ({@code startsAt == slot} without {@code spec.spreadWindow}).
     */
    record Activation(Instant slot, Instant startsAt) {

        static Activation unspread(Instant slot) {
            return new Activation(slot, slot);
        }

        Duration offset() {
            return Duration.between(slot, startsAt);
        }
    }

    /** The schedule, the time zone or the spread window cannot be used; nothing is scheduled until the spec changes. */
    record Invalid(String reason, String message) implements ScheduleDecision {}

    /** Suspended: nothing is scheduled and the status is left as it is. */
    record Suspended() implements ScheduleDecision {}

    /** The schedule never fires within five years. */
    record NeverFires() implements ScheduleDecision {}

    /** First look at a schedule without {@code immediate}: start counting from now. */
    record StartTracking(Activation next) implements ScheduleDecision {}

    /** Nothing due before {@code next}. */
    record Wait(Activation next) implements ScheduleDecision {}

    /**
     * A backup is due for {@code slot}. {@code missedSlots} counts the further slots that passed unserved (operator
     * down, suspended, blocked); with {@code catchUp: once} they collapse into this one backup. With
     * {@code catchUp: none}, {@code skippedSlots} counts those passed before this one, which is on time, and that
     * are not served. {@code nextAfterNow} is the next activation to serve, null if none within five years.
     */
    record TakeBackup(Instant slot, boolean immediate, long missedSlots, long skippedSlots, Activation nextAfterNow)
            implements ScheduleDecision {}

    /**
     * {@code catchUp: none}: {@code skippedSlots} slots passed unserved, the first at {@code firstSkipped}, and
     * none is on time, so no backup is taken; {@code nextAfterNow} is the next activation, null if none.
     */
    record Skip(long skippedSlots, Instant firstSkipped, Activation nextAfterNow) implements ScheduleDecision {}
}
