package io.cairn.cli.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HumanTimeTest {

    @Test
    void durationsAreRoundedLikeKubectlsAgeColumn() {
        assertThat(HumanTime.duration(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(HumanTime.duration(Duration.ofSeconds(330))).isEqualTo("5m30s");
        assertThat(HumanTime.duration(Duration.ofMinutes(45))).isEqualTo("45m");
        assertThat(HumanTime.duration(Duration.ofMinutes(200))).isEqualTo("3h20m");
        assertThat(HumanTime.duration(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(HumanTime.duration(Duration.ofHours(159))).isEqualTo("6d15h");
        assertThat(HumanTime.duration(Duration.ofDays(40))).isEqualTo("40d");
        assertThat(HumanTime.duration(Duration.ofDays(740))).isEqualTo("2y10d");
        assertThat(HumanTime.duration(Duration.ofSeconds(-5))).isEqualTo("0s");
    }

    @Test
    void timesArePrintedInUtcWithTheirDistanceFromNow() {
        Instant now = Instant.parse("2026-12-07T15:00:00Z");
        assertThat(HumanTime.at(Instant.parse("2026-12-07T12:00:00Z"), now)).isEqualTo("2026-12-07T12:00:00Z (3h ago)");
        assertThat(HumanTime.at(Instant.parse("2026-12-08T00:00:00Z"), now)).isEqualTo("2026-12-08T00:00:00Z (in 9h)");
        assertThat(HumanTime.at("2026-12-07T16:00:00+01:00", now)).isEqualTo("2026-12-07T15:00:00Z (0s ago)");
        assertThat(HumanTime.at("yesterday", now)).isEqualTo("yesterday");
        assertThat(HumanTime.at((String) null, now)).isEqualTo("-");
    }
}
