package io.cairn.controller.scheduledbackup;

import io.cairn.api.v1.ScheduledBackupSpec;
import io.cairn.controller.scheduledbackup.ScheduleEvaluator.ParsedSchedule;
import java.time.Instant;
import java.util.List;

/**
 * The next activations of a schedule and the explanation the operator gives for it, computed by the operator's own
 * code ({@link ParsedSchedule}, {@link ScheduleExplanation}) for {@code kubectl cairn schedule preview}, so that
 * what the plugin prints is what the operator will do.
 *
 * @param zone the IANA zone the schedule is evaluated in
 * @param activations the next activations after the reference time, oldest first; fewer than asked when the
 *     schedule stops firing within five years, none when it never fires
 * @param reason the operator's {@code ScheduleExplicit} reason: {@code SixFields}, {@code FiveFieldSchedule} or
 *     {@code DescriptorSchedule}
 * @param explanation the message of the {@code ScheduleExplicit} condition (and of the Warning Event for a schedule
 *     that is easy to misread)
 */
public record SchedulePreview(
        String schedule, String zone, List<Instant> activations, String reason, String explanation) {

    /** The operator's reason for a six-field schedule, the only form that gets no warning. */
    public static final String EXPLICIT = ScheduleExplanation.EXPLICIT;

    /**
     * Previews {@code schedule} in {@code timeZone} (null or blank: UTC) after {@code from}.
     *
     * @throws IllegalArgumentException with the operator's message (the one {@code status.error} would hold) for a
     *     schedule or a time zone the operator refuses
     */
    public static SchedulePreview of(String schedule, String timeZone, Instant from, int count) {
        ParsedSchedule parsed = ParsedSchedule.of(
                new ScheduledBackupSpec(null, null, schedule, null, null, null, null, null, null, null, timeZone));
        // The operator spells out the next three activations in its explanation.
        String explanation =
                ScheduleExplanation.message(parsed.schedule(), parsed.zone().getId(), parsed.nextActivations(from, 3));
        return new SchedulePreview(
                schedule,
                parsed.zone().getId(),
                List.copyOf(parsed.nextActivations(from, count)),
                ScheduleExplanation.reason(parsed.schedule()),
                explanation);
    }

    /** Whether the operator warns about this schedule (five fields, a descriptor). */
    public boolean isEasyToMisread() {
        return !EXPLICIT.equals(reason);
    }
}
