package io.cairn.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

/**
 * {@link CronSchedule} answers as robfig/cron v1.2.0 {@code cron.Parse} and {@code Schedule.Next} do, on every row
 * of {@code src/test/resources/cron/robfig-cron-v1.2.0.txt}: a table of specs and reference times, grouped by rule,
 * whose results robfig itself wrote ({@code local/cron-vectors.sh write}; {@code local/cron-vectors.sh} checks it).
 * Where robfig's {@code Next} never returns (a day a time zone skipped), CronSchedule answers never.
 */
class CronScheduleTest {

    static List<RobfigTable.Row> robfigRows() {
        return RobfigTable.rows();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("robfigRows")
    void answersAsRobfigDoes(RobfigTable.Row row) {
        if (row.rejected()) {
            assertThatThrownBy(() -> CronSchedule.parse(row.spec()))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage(row.errorMessage());
            return;
        }
        ZonedDateTime next = CronSchedule.parse(row.spec()).next(ZonedDateTime.parse(row.after()));
        if (row.result().equals("never") || row.result().equals("hangs")) {
            assertThat(next).isNull();
        } else {
            assertThat(next).isEqualTo(ZonedDateTime.parse(row.result()));
        }
    }

    @ParameterizedTest(name = "{0}  has {1} fields, descriptor: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0 0 0 * * *            | 6 | false
            0 0 * * *              | 5 | false
            '  */5 * * * *  '      | 5 | false
            # Go's strings.Fields also splits on a no-break space
            '0\u00a00 0 * * *'     | 6 | false
            @daily                 | 0 | true
            @every 1h              | 0 | true
            """)
    void reportsFieldCountAndDescriptors(String spec, int fieldCount, boolean descriptor) {
        CronSchedule schedule = CronSchedule.parse(spec);

        assertThat(schedule.fieldCount()).isEqualTo(fieldCount);
        assertThat(schedule.isDescriptor()).isEqualTo(descriptor);
        assertThat(schedule.spec()).isEqualTo(spec);
    }

    @ParameterizedTest(name = "[{0}]  is rejected")
    @NullAndEmptySource
    void rejectsNullAndEmptySpecs(String spec) {
        assertThatThrownBy(() -> CronSchedule.parse(spec))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Empty spec string");
    }
}
