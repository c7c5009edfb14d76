package io.cairn.instance.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecoveryTargetTimeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // RFC 3339 and RFC 3339 with microseconds
                "2023-07-06T08:00:39Z              | 2023-07-06 08:00:39.000000+00:00",
                "2023-07-06T08:00:39.123456Z       | 2023-07-06 08:00:39.123456+00:00",
                "2023-07-06T08:00:39.123456+02:00  | 2023-07-06 08:00:39.123456+02:00",
                "2023-07-06T08:00:39-05:30         | 2023-07-06 08:00:39.000000-05:30",
                // 2006-01-02T15:04:05: no zone means UTC
                "2023-07-06T08:00:39               | 2023-07-06 08:00:39.000000+00:00",
                // PostgreSQL timestamps, as clock_timestamp() prints them
                "2023-07-06 08:00:39               | 2023-07-06 08:00:39.000000+00:00",
                "2023-07-06 08:00:39.5             | 2023-07-06 08:00:39.500000+00:00",
                "2023-07-06 08:00:39.123456+00     | 2023-07-06 08:00:39.123456+00:00",
                "2023-07-06 08:00:39+02            | 2023-07-06 08:00:39.000000+02:00",
                "2023-07-06 08:00:39.1-0330        | 2023-07-06 08:00:39.100000-03:30",
            })
    void acceptsRfc3339AndPostgresTimestampsAndWritesPostgresForm(String given, String postgres) {
        assertThat(RecoveryTargetTime.normalize(given)).isEqualTo(postgres);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2023-07-06", "08:00:39", "2023-13-06 08:00:39", "2023-07-06T08:00:39+2"})
    void refusesWhatIsNotATimestamp(String given) {
        assertThatThrownBy(() -> RecoveryTargetTime.parse(given))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targetTime");
    }
}
