package io.cairn.controller.scheduledbackup;

import io.cairn.api.v1.ScheduledBackupSpec;
import io.cairn.controller.scheduledbackup.ScheduleDecision.Activation;
import io.cairn.controller.scheduledbackup.ScheduleEvaluator.ParsedSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The next activations of a schedule and the explanation the operator gives for it, computed by the operator's own
 * code ({@link ParsedSchedule}, {@link ScheduleExplanation}, {@link ScheduleSpread}) for {@code kubectl cairn
 * schedule preview}, so that what the plugin prints is what the operator will do.
 *
 * @param zone the IANA zone the schedule is evaluated in
 * @param spreadWindow the spread window, null for none
 * @param activations when the next backups are due after the reference time, oldest first; fewer than asked when the
 *     schedule stops firing within five years, none when it never fires
 * @param slots the slot of each activation (what its Backup is named after): the activation less its spread offset
 * @param reason the operator's {@code ScheduleExplicit} reason: {@code SixFields}, {@code FiveFieldSchedule} or
 *     {@code DescriptorSchedule}
 * @param explanation the message of the {@code ScheduleExplicit} condition (and of the Warning Event for a schedule
 *     that is easy to misread)
 */
public record SchedulePreview(
        String schedule,
        String zone,
        String spreadWindow,
        List<Instant> activations,
        List<Instant> slots,
        String reason,
        String explanation) {

    /** The operator's reason for a six-field schedule, the only form that gets no warning. */
    public static final String EXPLICIT = ScheduleExplanation.EXPLICIT;

    /** Previews {@code schedule} without a spread; see {@link #of(String, String, String, String, Instant, int)}. */
    public static SchedulePreview of(String schedule, String timeZone, Instant from, int count) {
        return of(schedule, timeZone, null, null, from, count);
    }

    /**
     * Previews {@code schedule} in {@code timeZone} (null or blank: UTC) after {@code from}, spread over
     * {@code spreadWindow} (null: none) as the operator spreads a ScheduledBackup whose UID is {@code seed}.
     *
     * @throws IllegalArgumentException with the operator's message (the one {@code status.error} would hold) for a
     *     schedule, a time zone or a spread window the operator refuses
     */
    public static SchedulePreview of(
            String schedule, String timeZone, String spreadWindow, String seed, Instant from, int count) {
        ParsedSchedule parsed = ParsedSchedule.of(
                new ScheduledBackupSpec(
                        null, null, schedule, null, null, null, null, null, null, null, timeZone, spreadWindow, null),
                seed);
        // The operator spells out the next three slots in its explanation.
        String explanation =
                ScheduleExplanation.message(parsed.schedule(), parsed.zone().getId(), parsed.nextSlots(from, 3));
        List<Activation> activations = parsed.nextActivations(from, count);
        return new SchedulePreview(
                schedule,
                parsed.zone().getId(),
                spreadWindow,
                activations.stream().map(Activation::startsAt).toList(),
                activations.stream().map(Activation::slot).toList(),
                ScheduleExplanation.reason(parsed.schedule()),
                explanation);
    }

    /** Whether the operator warns about this schedule (five fields, a descriptor). */
    public boolean isEasyToMisread() {
        return !EXPLICIT.equals(reason);
    }

    /** How long after its slot the {@code index}th activation starts, as spec.spreadWindow is written: '17m23s'. */
    public String offset(int index) {
        return ScheduleSpread.format(Duration.between(slots.get(index), activations.get(index)));
    }
}
