package io.cairn.controller.scheduledbackup;

import io.cairn.api.v1.CatchUpPolicy;
import io.cairn.api.v1.ScheduledBackupSpec;
import io.cairn.api.v1.ScheduledBackupStatus;
import io.cairn.controller.scheduledbackup.ScheduleDecision.Activation;
import io.cairn.scheduling.CronSchedule;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what a ScheduledBackup calls for, from its spec, its status and the time: nothing here lives in memory,
 * so a restarted or newly elected operator decides the same. Missed slots collapse into one catch-up backup for the
 * first missed slot, as in CloudNativePG, or with {@code catchUp: none} are skipped. With {@code spreadWindow}, each
 * slot's backup is due at the slot plus its {@link ScheduleSpread} offset; the Backup keeps the slot's name.
 */
final class ScheduleEvaluator {

    /** Counting missed slots stops here: a per-second schedule after a long outage would otherwise spin. */
    static final long MISSED_SLOTS_COUNT_LIMIT = 100_000;

    /**
     * With {@code catchUp: none}, a slot found later than this after its time is skipped: the timer wakes the
     * schedule on the slot's second, so a slot found a minute late passed while the schedule was not served.
     */
    static final Duration ON_TIME = Duration.ofMinutes(1);

    private ScheduleEvaluator() {}

    /**
     * @param seed what the spread offset is derived from: the ScheduledBackup's UID
     */
    static ScheduleDecision decide(
            ScheduledBackupSpec spec, ScheduledBackupStatus status, String seed, Instant createdAt, Instant now) {
        ParsedSchedule parsed;
        try {
            parsed = ParsedSchedule.of(spec, seed);
        } catch (InvalidScheduleException e) {
            return new ScheduleDecision.Invalid(e.reason, e.getMessage());
        }
        if (Boolean.TRUE.equals(spec.suspend())) {
            return new ScheduleDecision.Suspended();
        }
        Instant lastCheckTime = status == null ? null : status.lastCheckTime();
        if (lastCheckTime == null) {
            if (Boolean.TRUE.equals(spec.immediate())) {
                return new ScheduleDecision.TakeBackup(
                        createdAt.truncatedTo(ChronoUnit.SECONDS), true, 0, 0, parsed.nextActivation(now));
            }
            Activation next = parsed.nextActivation(now);
            return next == null ? new ScheduleDecision.NeverFires() : new ScheduleDecision.StartTracking(next);
        }
        Activation due = parsed.nextActivation(lastCheckTime);
        // A slot whose Backup was already created is not served again, e.g. when a wider spreadWindow moved its
        // activation after the last check.
        Instant lastScheduleTime = status.lastScheduleTime();
        while (due != null && lastScheduleTime != null && !due.slot().isAfter(lastScheduleTime)) {
            due = parsed.following(due);
        }
        if (due == null) {
            return new ScheduleDecision.NeverFires();
        }
        if (now.isBefore(due.startsAt())) {
            return new ScheduleDecision.Wait(due);
        }
        Activation latest = due;
        long missed = 0;
        for (Activation later = parsed.following(due);
                later != null && !later.startsAt().isAfter(now) && missed < MISSED_SLOTS_COUNT_LIMIT;
                later = parsed.following(later)) {
            missed++;
            latest = later;
        }
        Activation nextAfterNow = parsed.nextActivation(now);
        if (spec.catchUp() != CatchUpPolicy.NONE) {
            return new ScheduleDecision.TakeBackup(due.slot(), false, missed, 0, nextAfterNow);
        }
        if (now.isAfter(latest.startsAt().plus(ON_TIME))) {
            return new ScheduleDecision.Skip(missed + 1, due.slot(), nextAfterNow);
        }
        return new ScheduleDecision.TakeBackup(latest.slot(), false, 0, missed, nextAfterNow);
    }

    /**
     * How long to wait from {@code now} for {@code next}, rounded up to the millisecond so that a timer set with it
     * never wakes a reconcile that still finds the slot in the future.
     */
    static Duration delayUntil(Instant now, Instant next) {
        Duration delay = Duration.between(now, next);
        long millis = delay.toMillis() + (delay.minusMillis(delay.toMillis()).isZero() ? 0 : 1);
        return Duration.ofMillis(Math.max(1, millis));
    }

    /** A schedule with its time zone and spread. */
    record ParsedSchedule(CronSchedule schedule, ZoneId zone, ScheduleSpread spread) {

        static ParsedSchedule of(ScheduledBackupSpec spec, String seed) {
            CronSchedule schedule;
            try {
                schedule = CronSchedule.parse(spec.schedule());
            } catch (IllegalArgumentException e) {
                throw new InvalidScheduleException(
                        "InvalidSchedule", "schedule '" + spec.schedule() + "' is not valid: " + e.getMessage());
            }
            ZoneId zone = ZoneId.of("UTC");
            if (spec.timeZone() != null && !spec.timeZone().isBlank()) {
                try {
                    zone = ZoneId.of(spec.timeZone());
                } catch (DateTimeException e) {
                    throw new InvalidScheduleException(
                            "InvalidTimeZone",
                            "timeZone '" + spec.timeZone() + "' is not an IANA time zone: " + e.getMessage());
                }
            }
            ScheduleSpread spread;
            try {
                spread = ScheduleSpread.of(spec.spreadWindow(), seed);
            } catch (IllegalArgumentException e) {
                throw new InvalidScheduleException("InvalidSpreadWindow", e.getMessage());
            }
            return new ParsedSchedule(schedule, zone, spread);
        }

        /** The first slot strictly after {@code after}, or null if none within five years. */
        Instant next(Instant after) {
            ZonedDateTime next = schedule.next(after.atZone(zone));
            return next == null ? null : next.toInstant();
        }

        /**
         * The first activation that starts strictly after {@code after}, or null if none within five years. Its slot
         * may be at or before {@code after}, when the spread puts its start later. Activations start in the order
         * of their slots, since none starts at or after the next slot.
         */
        Activation nextActivation(Instant after) {
            // An offset is shorter than the window, so a slot that starts after 'after' comes after 'after - window'.
            for (Instant slot = next(after.minus(spread.window())); slot != null; slot = next(slot)) {
                Activation activation = activation(slot);
                if (activation.startsAt().isAfter(after)) {
                    return activation;
                }
            }
            return null;
        }

        /** The activation of the slot after {@code activation}'s, or null if none within five years. */
        Activation following(Activation activation) {
            Instant slot = next(activation.slot());
            return slot == null ? null : activation(slot);
        }

        private Activation activation(Instant slot) {
            return spread.isNone()
                    ? Activation.unspread(slot)
                    : new Activation(slot, slot.plus(spread.offset(slot, next(slot))));
        }

        /** The next {@code count} slots after {@code after}, without the spread: when the schedule itself fires. */
        List<Instant> nextSlots(Instant after, int count) {
            List<Instant> slots = new ArrayList<>();
            for (Instant t = next(after); t != null && slots.size() < count; t = next(t)) {
                slots.add(t);
            }
            return slots;
        }

        List<Activation> nextActivations(Instant after, int count) {
            List<Activation> activations = new ArrayList<>();
            for (Activation a = nextActivation(after); a != null && activations.size() < count; a = following(a)) {
                activations.add(a);
            }
            return activations;
        }
    }

    static final class InvalidScheduleException extends IllegalArgumentException {
        final String reason;

        InvalidScheduleException(String reason, String message) {
            super(message);
            this.reason = reason;
        }
    }
}
