package io.cairn.controller.scheduledbackup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SchedulePreviewTest {

    private static final Instant FROM = Instant.parse("2026-12-07T15:04:05Z");

    @Test
    void aSixFieldScheduleListsItsActivationsWithoutWarning() {
        SchedulePreview preview = SchedulePreview.of("0 0 0 * * *", null, FROM, 3);

        assertThat(preview.zone()).isEqualTo("UTC");
        assertThat(preview.activations())
                .containsExactly(
                        Instant.parse("2026-12-08T00:00:00Z"),
                        Instant.parse("2026-12-09T00:00:00Z"),
                        Instant.parse("2026-12-10T00:00:00Z"));
        assertThat(preview.reason()).isEqualTo("SixFields");
        assertThat(preview.isEasyToMisread()).isFalse();
    }

    @Test
    void fiveFieldsAreReadSecondsFirstAndTheOperatorsWarningSaysSo() {
        SchedulePreview preview = SchedulePreview.of("0 0 * * *", null, FROM, 2);

        assertThat(preview.activations())
                .containsExactly(Instant.parse("2026-12-07T16:00:00Z"), Instant.parse("2026-12-07T17:00:00Z"));
        assertThat(preview.isEasyToMisread()).isTrue();
        assertThat(preview.reason()).isEqualTo("FiveFieldSchedule");
        assertThat(preview.explanation())
                .isEqualTo("schedule '0 0 * * *' has five fields, which are read as "
                        + "'second minute hour day-of-month month' (not as a crontab's 'minute hour day month weekday'); in "
                        + "UTC it fires at 2026-12-07T16:00:00Z, 2026-12-07T17:00:00Z, 2026-12-07T18:00:00Z, .... To be "
                        + "explicit, write six fields: 'second minute hour day-of-month month day-of-week'.");
    }

    @Test
    void theTimeZoneMovesTheActivations() {
        assertThat(SchedulePreview.of("0 0 2 * * *", "Europe/Paris", FROM, 1).activations())
                .containsExactly(Instant.parse("2026-12-08T01:00:00Z"));
    }

    @Test
    void aScheduleThatNeverFiresHasNoActivations() {
        SchedulePreview preview = SchedulePreview.of("0 0 0 30 2 *", null, FROM, 5);

        assertThat(preview.activations()).isEmpty();
        assertThat(preview.explanation()).contains("never (no activation within five years)");
    }

    @Test
    void invalidSchedulesAndZonesGetTheOperatorsMessages() {
        assertThatThrownBy(() -> SchedulePreview.of("0 0 * *", null, FROM, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedule '0 0 * *' is not valid: Expected 5 to 6 fields, found 4: 0 0 * *");
        assertThatThrownBy(() -> SchedulePreview.of("@daily", "Mars/Olympus", FROM, 1))
                .hasMessageStartingWith("timeZone 'Mars/Olympus' is not an IANA time zone: ");
    }
}
