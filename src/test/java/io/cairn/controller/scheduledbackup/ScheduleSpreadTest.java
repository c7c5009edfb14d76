package io.cairn.controller.scheduledbackup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How far after its slot a spread schedule's backup starts. */
class ScheduleSpreadTest {

    private static final String UID = "5f0c6d1e-7a43-4c36-9d6b-2f8e1a9b0c11";
    private static final Instant MIDNIGHT = Instant.parse("2026-11-26T00:00:00Z");
    private static final Instant NEXT_MIDNIGHT = Instant.parse("2026-11-27T00:00:00Z");

    @Test
    void theOffsetIsDerivedFromTheSeedAloneAndPinnedAcrossVersions() {
        // SHA-256 of the UID: a change here would move every spread schedule's backups.
        assertThat(ScheduleSpread.of("1h", UID).offset(MIDNIGHT, NEXT_MIDNIGHT)).isEqualTo(Duration.parse("PT44M31S"));
        assertThat(ScheduleSpread.of("1h", UID).offset(NEXT_MIDNIGHT, NEXT_MIDNIGHT.plus(Duration.ofDays(1))))
                .as("the same offset every day")
                .isEqualTo(Duration.parse("PT44M31S"));
    }

    @Test
    void aThousandSchedulesAreSpreadOverTheWholeWindow() {
        List<Duration> offsets = IntStream.range(0, 1000)
                .mapToObj(i -> UUID.nameUUIDFromBytes(("cluster-" + i).getBytes(StandardCharsets.UTF_8))
                        .toString())
                .map(uid -> ScheduleSpread.of("1h", uid).offset(MIDNIGHT, NEXT_MIDNIGHT))
                .toList();

        assertThat(offsets)
                .allSatisfy(offset ->
                        assertThat(offset).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(Duration.ofHours(1)));
        assertThat(offsets.stream().distinct().count())
                .as("distinct start seconds")
                .isGreaterThan(850);
        for (int quarter = 0; quarter < 4; quarter++) {
            Duration from = Duration.ofMinutes(15L * quarter);
            Duration to = from.plusMinutes(15);
            assertThat(offsets.stream().filter(o -> o.compareTo(from) >= 0 && o.compareTo(to) < 0))
                    .as("offsets from %s to %s", from, to)
                    .hasSizeBetween(180, 320);
        }
    }

    @Test
    void aWindowLongerThanTheGapToTheNextSlotIsCutSoNoBackupStartsAtOrAfterIt() {
        Instant slot = Instant.parse("2026-11-26T10:10:00Z");
        Instant nextSlot = slot.plus(Duration.ofMinutes(10));

        assertThat(ScheduleSpread.of("1h", UID).offset(slot, nextSlot)).isEqualTo(Duration.parse("PT7M25S"));
        IntStream.range(0, 1000)
                .forEach(i -> assertThat(ScheduleSpread.of("24h", "seed-" + i).offset(slot, slot.plusSeconds(1)))
                        .isZero());
        IntStream.range(0, 1000)
                .forEach(i -> assertThat(ScheduleSpread.of("24h", "seed-" + i).offset(slot, nextSlot))
                        .isLessThan(Duration.ofMinutes(10)));
    }

    @Test
    void noWindowMeansNoOffset() {
        assertThat(ScheduleSpread.of(null, UID)).isEqualTo(ScheduleSpread.NONE);
        assertThat(ScheduleSpread.NONE.offset(MIDNIGHT, NEXT_MIDNIGHT)).isZero();
    }

    @Test
    void aWindowIsHoursMinutesAndSecondsFromOneSecondToADay() {
        assertThat(ScheduleSpread.parseWindow("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(ScheduleSpread.parseWindow("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ScheduleSpread.parseWindow("24h")).isEqualTo(Duration.ofDays(1));
        for (String refused : List.of("", "0s", "24h1s", "1d", "30", "1.5h", "99999999999h", "m")) {
            assertThatThrownBy(() -> ScheduleSpread.parseWindow(refused))
                    .as(refused)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("spreadWindow '" + refused + "' ");
        }
    }

    @Test
    void offsetsAreWrittenAsTheWindowIs() {
        assertThat(ScheduleSpread.format(Duration.ofSeconds(3723))).isEqualTo("1h2m3s");
        assertThat(ScheduleSpread.format(Duration.ofMinutes(17))).isEqualTo("17m0s");
        assertThat(ScheduleSpread.format(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(ScheduleSpread.format(Duration.ZERO)).isEqualTo("0s");
    }
}
