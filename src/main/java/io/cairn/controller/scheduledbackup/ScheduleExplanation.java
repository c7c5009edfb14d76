package io.cairn.controller.scheduledbackup;

import io.cairn.scheduling.CronSchedule;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Spells out when a schedule written in a form that is easy to misread really fires. Five fields are read seconds
 * first (CloudNativePG's robfig/cron), so the crontab-looking {@code "0 0 * * *"} runs every hour, not daily.
 */
final class ScheduleExplanation {

    static final String EXPLICIT = "SixFields";
    static final String FIVE_FIELDS = "FiveFieldSchedule";
    static final String DESCRIPTOR = "DescriptorSchedule";

    private ScheduleExplanation() {}

    /** The reason: SixFields, FiveFieldSchedule or DescriptorSchedule. */
    static String reason(CronSchedule schedule) {
        if (schedule.isDescriptor()) {
            return DESCRIPTOR;
        }
        return schedule.fieldCount() == 5 ? FIVE_FIELDS : EXPLICIT;
    }

    static String message(CronSchedule schedule, String zone, List<Instant> nextActivations) {
        String when = nextActivations.isEmpty()
                ? "never (no activation within five years)"
                : nextActivations.stream().map(Instant::toString).collect(Collectors.joining(", ")) + ", ...";
        return switch (reason(schedule)) {
            case FIVE_FIELDS ->
                "schedule '" + schedule.spec() + "' has five fields, which are read as "
                        + "'second minute hour day-of-month month' (not as a crontab's 'minute hour day month weekday'); "
                        + "in " + zone + " it fires at " + when + ". To be explicit, write six fields: "
                        + "'second minute hour day-of-month month day-of-week'.";
            case DESCRIPTOR ->
                "schedule '" + schedule.spec() + "' is a descriptor; in " + zone + " it fires at " + when;
            default -> "schedule '" + schedule.spec() + "' fires in " + zone + " at " + when;
        };
    }
}
