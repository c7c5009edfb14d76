package io.cairn.controller.scheduledbackup;

import io.cairn.api.v1.ScheduledBackupSpec;
import io.cairn.api.v1.ScheduledBackupStatus;
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
 * first missed slot, as in CloudNativePG.
 */
final class ScheduleEvaluator {

    /** Counting missed slots stops here: a per-second schedule after a long outage would otherwise spin. */
    static final long MISSED_SLOTS_COUNT_LIMIT = 100_000;

    private ScheduleEvaluator() {}

    static ScheduleDecision decide(
            ScheduledBackupSpec spec, ScheduledBackupStatus status, Instant createdAt, Instant now) {
        ParsedSchedule parsed;
        try {
            parsed = ParsedSchedule.of(spec);
        } catch (InvalidScheduleException e) {
            return new ScheduleDecision.Invalid(e.reason, e.getMessage());
        }
        if (Boolean.TRUE.equals(spec.suspend())) {
            return new ScheduleDecision.Suspended();
        }
        Instant lastCheckTime = status == null ? null : status.lastCheckTime();
        if (lastCheckTime == null) {
            if (Boolean.TRUE.equals(spec.immediate())) {
                Instant nextAfterNow = parsed.next(now);
                return new ScheduleDecision.TakeBackup(
                        createdAt.truncatedTo(ChronoUnit.SECONDS), true, 0, nextAfterNow);
            }
            Instant next = parsed.next(now);
            return next == null ? new ScheduleDecision.NeverFires() : new ScheduleDecision.StartTracking(next);
        }
        Instant slot = parsed.next(lastCheckTime);
        if (slot == null) {
            return new ScheduleDecision.NeverFires();
        }
        if (now.isBefore(slot)) {
            return new ScheduleDecision.Wait(slot);
        }
        long missed = 0;
        for (Instant later = parsed.next(slot);
                later != null && !later.isAfter(now) && missed < MISSED_SLOTS_COUNT_LIMIT;
                later = parsed.next(later)) {
            missed++;
        }
        return new ScheduleDecision.TakeBackup(slot, false, missed, parsed.next(now));
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

    /** A schedule with its time zone. */
    record ParsedSchedule(CronSchedule schedule, ZoneId zone) {

        static ParsedSchedule of(ScheduledBackupSpec spec) {
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
            return new ParsedSchedule(schedule, zone);
        }

        /** The first activation strictly after {@code after}, or null if none within five years. */
        Instant next(Instant after) {
            ZonedDateTime next = schedule.next(after.atZone(zone));
            return next == null ? null : next.toInstant();
        }

        List<Instant> nextActivations(Instant after, int count) {
            List<Instant> activations = new ArrayList<>();
            for (Instant t = next(after); t != null && activations.size() < count; t = next(t)) {
                activations.add(t);
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
