package io.cairn.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

/**
 * The rules of robfig/cron v1.2.0 {@code cron.Parse} and {@code Schedule.Next}, one table per rule.
 *
 * <p>Rows read {@code spec | after | next}: the first activation strictly after {@code after};
 * {@code never} means robfig finds none within five years (it returns the zero time). Expected
 * values were derived from robfig's source and documentation and cross-checked against
 * robfig/cron v1.2.0 itself (a throwaway Go program calling {@code cron.Parse(spec).Next(after)}),
 * error messages included; the one row robfig cannot answer (Pacific/Apia) says so.
 *
 * <p>2025-01-01 is a Wednesday.
 */
class CronScheduleTest {

    private static final String NEXT = "{0}  after {1}  ->  {2}";

    private static void assertNext(String spec, String after, String expected) {
        ZonedDateTime next = CronSchedule.parse(spec).next(ZonedDateTime.parse(after));
        if (expected.equals("never")) {
            assertThat(next).isNull();
        } else {
            assertThat(next).isEqualTo(ZonedDateTime.parse(expected));
        }
    }

    @ParameterizedTest(name = NEXT)
    @CsvSource(delimiter = '|', textBlock = """
            # six fields: second minute hour day-of-month month day-of-week
            0 0 0 * * *        | 2025-01-01T10:00:00Z | 2025-01-02T00:00:00Z
            30 15 10 * * *     | 2025-01-01T00:00:00Z | 2025-01-01T10:15:30Z
            # five fields are NOT crontab's minute-first layout: seconds come first, day-of-week is *
            0 0 * * *          | 2025-01-01T10:20:00Z | 2025-01-01T11:00:00Z
            30 15 10 * *       | 2025-01-01T00:00:00Z | 2025-01-01T10:15:30Z
            30 15 10 * *       | 2025-01-01T10:15:30Z | 2025-01-02T10:15:30Z
            # white space around and between fields does not matter
            '  0 0 0 * * *  '  | 2025-01-01T10:00:00Z | 2025-01-02T00:00:00Z
            '0   0\t0\t* * *'  | 2025-01-01T10:00:00Z | 2025-01-02T00:00:00Z
            """)
    void fieldsArePositional(String spec, String after, String expected) {
        assertNext(spec, after, expected);
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

    @ParameterizedTest(name = NEXT)
    @CsvSource(delimiter = '|', textBlock = """
            * * * * * *        | 2025-01-01T00:00:00Z | 2025-01-01T00:00:01Z
            # ? is a synonym of * in every field, not only in the day fields
            ? ? ? ? ? ?        | 2025-01-01T00:00:00Z | 2025-01-01T00:00:01Z
            0 0 12 ? * *       | 2025-01-01T12:00:00Z | 2025-01-02T12:00:00Z
            # anything after a leading * is ignored: *-5 is *
            *-5 0 0 * * *      | 2025-01-01T00:00:00Z | 2025-01-01T00:00:01Z
            """)
    void starAndQuestionMarkMatchEverything(String spec, String after, String expected) {
        assertNext(spec, after, expected);
    }

    @ParameterizedTest(name = NEXT)
    @CsvSource(delimiter = '|', textBlock = """
            0,30 * * * * *     | 2025-01-01T00:00:00Z | 2025-01-01T00:00:30Z
            0,30 * * * * *     | 2025-01-01T00:00:30Z | 2025-01-01T00:01:00Z
            0 0 8,12,18 * * *  | 2025-01-01T12:00:00Z | 2025-01-01T18:00:00Z
            0 0 8,12,18 * * *  | 2025-01-01T18:00:00Z | 2025-01-02T08:00:00Z
            0 0 0 1,15 * *     | 2025-01-02T00:00:00Z | 2025-01-15T00:00:00Z
            # items may mix values, ranges and steps
            0 0 0 1,10-11,*/20 * * | 2025-01-11T00:00:00Z | 2025-01-21T00:00:00Z
            # empty list items are dropped; a field of only commas lists nothing and never fires
            0 0 0 1,,15 * *    | 2025-01-02T00:00:00Z | 2025-01-15T00:00:00Z
            0 0 0 * , *        | 2025-01-01T00:00:00Z | never
            , * * * * *        | 2025-01-01T00:00:00Z | never
            """)
    void listsAreCommaSeparated(String spec, String after, String expected) {
        assertNext(spec, after, expected);
    }

    @ParameterizedTest(name = NEXT)
    @CsvSource(delimiter = '|', textBlock = """
            0 0 9-17 * * *     | 2025-01-01T08:59:59Z | 2025-01-01T09:00:00Z
            0 0 9-17 * * *     | 2025-01-01T12:30:00Z | 2025-01-01T13:00:00Z
            0 0 9-17 * * *     | 2025-01-01T17:00:00Z | 2025-01-02T09:00:00Z
            5-5 * * * * *      | 2025-01-01T00:00:00Z | 2025-01-01T00:00:05Z
            0 0 0 * * 1-5      | 2025-01-03T00:00:00Z | 2025-01-06T00:00:00Z
            0 0 0 1 jan-mar *  | 2025-03-01T00:00:00Z | 2026-01-01T00:00:00Z
            """)
    void rangesIncludeBothEnds(String spec, String after, String expected) {
        assertNext(spec, after, expected);
    }

    @ParameterizedTest(name = NEXT)
    @CsvSource(delimiter = '|', textBlock = """
            */15 * * * * *     | 2025-01-01T00:00:00Z | 2025-01-01T00:00:15Z
            */15 * * * * *     | 2025-01-01T00:00:46Z | 2025-01-01T00:01:00Z
            # CloudNativePG's documentation example: every two seconds
            */2 * * * * *      | 2025-01-01T00:00:00Z | 2025-01-01T00:00:02Z
            */2 * * * * *      | 2025-01-01T00:00:01Z | 2025-01-01T00:00:02Z
            */2 * * * * *      | 2025-01-01T00:00:58Z | 2025-01-01T00:01:00Z
            */59 * * * * *     | 2025-01-01T00:00:00Z | 2025-01-01T00:00:59Z
            # a step larger than the field keeps only the start
            */100 * * * * *    | 2025-01-01T00:00:00Z | 2025-01-01T00:01:00Z
            0 */20 * * * *     | 2025-01-01T00:41:00Z | 2025-01-01T01:00:00Z
            0 0 1-10/3 * * *   | 2025-01-01T04:00:00Z | 2025-01-01T07:00:00Z
            0 0 1-10/3 * * *   | 2025-01-01T10:00:00Z | 2025-01-02T01:00:00Z
            0 0 0 */10 * *     | 2025-01-21T00:00:00Z | 2025-01-31T00:00:00Z
            0 0 0 */10 * *     | 2025-01-31T00:00:00Z | 2025-02-01T00:00:00Z
            0 0 0 1 */5 *      | 2025-01-01T00:00:00Z | 2025-06-01T00:00:00Z
            """)
    void stepsCountFromTheStartOfTheRange(String spec, String after, String expected) {
        assertNext(spec, after, expected);
    }

    @ParameterizedTest(name = NEXT)
    @CsvSource(delimiter = '|', textBlock = """
            # n/step means n-max/step
            5/20 * * * * *     | 2025-01-01T00:00:05Z | 2025-01-01T00:00:25Z
            5/20 * * * * *     | 2025-01-01T00:00:45Z | 2025-01-01T00:01:05Z
            0 30/10 * * * *    | 2025-01-01T00:50:00Z | 2025-01-01T01:30:00Z
            0 0 0 * * 1/2      | 2025-01-01T00:00:00Z | 2025-01-03T00:00:00Z
            0 0 0 * * 6/2      | 2025-01-01T00:00:00Z | 2025-01-04T00:00:00Z
            """)
    void singleValueWithStepRunsToTheMaximum(String spec, String after, String expected) {
        assertNext(spec, after, expected);
    }

    @ParameterizedTest(name = NEXT)
    @CsvSource(delimiter = '|', textBlock = """
            0 0 0 1 jan *          | 2025-01-01T00:00:00Z | 2026-01-01T00:00:00Z
            0 0 0 1 JUN *          | 2025-01-01T00:00:00Z | 2025-06-01T00:00:00Z
            0 0 0 1 Dec *          | 2025-01-01T00:00:00Z | 2025-12-01T00:00:00Z
            0 0 0 ? feb,aug *      | 2025-01-15T00:00:00Z | 2025-02-01T00:00:00Z
            0 0 0 * * sun          | 2025-01-01T00:00:00Z | 2025-01-05T00:00:00Z
            0 0 0 * * SAT          | 2025-01-01T00:00:00Z | 2025-01-04T00:00:00Z
            0 0 0 * * Fri          | 2025-01-01T00:00:00Z | 2025-01-03T00:00:00Z
            0 0 0 * * mon-fri      | 2025-01-03T00:00:00Z | 2025-01-06T00:00:00Z
            0 0 0 * * mon,wed,fri  | 2025-01-01T00:00:00Z | 2025-01-03T00:00:00Z
            """)
    void monthAndWeekdayNamesAreCaseInsensitive(String spec, String after, String expected) {
        assertNext(spec, after, expected);
    }

    @ParameterizedTest(name = NEXT)
    @CsvSource(delimiter = '|', textBlock = """
            # lowest and highest value of every field; dom 1 and dow 0 are ORed (neither is *)
            0 0 0 1 1 0            | 2025-01-01T00:00:00Z | 2025-01-05T00:00:00Z
            59 59 23 31 12 6       | 2025-01-01T00:00:00Z | 2025-12-06T23:59:59Z
            # a sign is accepted, as by Go's strconv.Atoi
            +5 * * * * *           | 2025-01-01T00:00:00Z | 2025-01-01T00:00:05Z
            """)
    void everyBoundIsAccepted(String spec, String after, String expected) {
        assertNext(spec, after, expected);
    }

    @ParameterizedTest(name = NEXT)
    @CsvSource(delimiter = '|', textBlock = """
            @yearly                | 2025-01-15T10:20:30Z | 2026-01-01T00:00:00Z
            @annually              | 2025-01-15T10:20:30Z | 2026-01-01T00:00:00Z
            @monthly               | 2025-01-15T10:20:30Z | 2025-02-01T00:00:00Z
            @weekly                | 2025-01-15T10:20:30Z | 2025-01-19T00:00:00Z
            @daily                 | 2025-01-15T10:20:30Z | 2025-01-16T00:00:00Z
            @midnight              | 2025-01-15T10:20:30Z | 2025-01-16T00:00:00Z
            @hourly                | 2025-01-15T10:20:30Z | 2025-01-15T11:00:00Z
            @weekly                | 2025-01-19T00:00:00Z | 2025-01-26T00:00:00Z
            """)
    void descriptorsAreFixedSchedules(String spec, String after, String expected) {
        assertNext(spec, after, expected);
    }

    @ParameterizedTest(name = NEXT)
    @CsvSource(delimiter = '|', textBlock = """
            # counted from the reference time, not aligned to the clock
            @every 1h30m           | 2025-01-01T10:20:30Z | 2025-01-01T11:50:30Z
            @every 90s             | 2025-01-01T10:20:30Z | 2025-01-01T10:22:00Z
            @every 1.5h            | 2025-01-01T10:20:30Z | 2025-01-01T11:50:30Z
            @every 2h45m10s        | 2025-01-01T00:00:00Z | 2025-01-01T02:45:10Z
            @every +10s            | 2025-01-01T00:00:00Z | 2025-01-01T00:00:10Z
            @every 60000000000ns   | 2025-01-01T00:00:00Z | 2025-01-01T00:01:00Z
            @every 2000000us       | 2025-01-01T00:00:00Z | 2025-01-01T00:00:02Z
            @every 3000ms          | 2025-01-01T00:00:00Z | 2025-01-01T00:00:03Z
            @every 24h             | 2025-01-01T10:20:30Z | 2025-01-02T10:20:30Z
            # the delay is truncated to whole seconds
            @every 1500ms          | 2025-01-01T00:00:00Z | 2025-01-01T00:00:01Z
            @every 2.9s            | 2025-01-01T00:00:00Z | 2025-01-01T00:00:02Z
            @every 1m59.999s       | 2025-01-01T00:00:00Z | 2025-01-01T00:01:59Z
            # anything below one second, zero and negative included, becomes one second
            @every 500ms           | 2025-01-01T00:00:00Z | 2025-01-01T00:00:01Z
            @every 1\u00b5s        | 2025-01-01T00:00:00Z | 2025-01-01T00:00:01Z
            @every 0               | 2025-01-01T00:00:00Z | 2025-01-01T00:00:01Z
            @every -5m             | 2025-01-01T00:00:00Z | 2025-01-01T00:00:01Z
            # the reference time's fraction of a second is dropped
            @every 1m              | 2025-01-01T10:20:30.750Z | 2025-01-01T10:21:30Z
            @every 5m              | 2025-01-01T10:20:30.999999999Z | 2025-01-01T10:25:30Z
            """)
    void everyAddsAFixedDelay(String spec, String after, String expected) {
        assertNext(spec, after, expected);
    }

    @ParameterizedTest(name = NEXT)
    @CsvSource(delimiter = '|', textBlock = """
            # neither day field is * or ?: the 13th OR a Friday
            0 0 0 13 * 5           | 2025-01-01T00:00:00Z | 2025-01-03T00:00:00Z
            0 0 0 13 * 5           | 2025-01-10T00:00:00Z | 2025-01-13T00:00:00Z
            0 0 0 13 * fri         | 2025-06-01T00:00:00Z | 2025-06-06T00:00:00Z
            0 0 0 1-31 * 5         | 2025-01-01T00:00:00Z | 2025-01-02T00:00:00Z
            0 0 0 1-31/10 * 1      | 2025-01-01T00:00:00Z | 2025-01-06T00:00:00Z
            0 0 0 1/10 * 1         | 2025-01-01T00:00:00Z | 2025-01-06T00:00:00Z
            # one of them is * or ?: the 13th AND any weekday, any day AND a Friday
            0 0 0 13 * *           | 2025-01-01T00:00:00Z | 2025-01-13T00:00:00Z
            0 0 0 13 * ?           | 2025-01-01T00:00:00Z | 2025-01-13T00:00:00Z
            0 0 0 * * 5            | 2025-01-10T00:00:00Z | 2025-01-17T00:00:00Z
            0 0 0 ? * 5            | 2025-01-10T00:00:00Z | 2025-01-17T00:00:00Z
            # */step still counts as a star: Fridays only, Mondays that are the 1st/11th/21st/31st
            0 0 0 */1 * 5          | 2025-01-01T00:00:00Z | 2025-01-03T00:00:00Z
            0 0 0 */10 * 1         | 2025-01-01T00:00:00Z | 2025-03-31T00:00:00Z
            """)
    void dayOfMonthAndDayOfWeekAreOredUnlessOneIsAStar(String spec, String after, String expected) {
        assertNext(spec, after, expected);
    }

    @ParameterizedTest(name = NEXT)
    @CsvSource(delimiter = '|', textBlock = """
            0 0 0 29 2 *           | 2025-01-01T00:00:00Z | 2028-02-29T00:00:00Z
            0 0 0 29 2 *           | 2028-02-29T00:00:00Z | 2032-02-29T00:00:00Z
            0 0 0 31 * *           | 2025-01-31T00:00:00Z | 2025-03-31T00:00:00Z
            0 0 0 31 4,5 *         | 2025-01-01T00:00:00Z | 2025-05-31T00:00:00Z
            0 0 12 31 12 *         | 2025-12-31T12:00:00Z | 2026-12-31T12:00:00Z
            59 59 23 31 12 *       | 2025-12-31T23:59:58Z | 2025-12-31T23:59:59Z
            59 59 23 31 12 *       | 2025-12-31T23:59:59Z | 2026-12-31T23:59:59Z
            # dates that do not exist are accepted but never fire
            0 0 0 30 2 *           | 2025-01-01T00:00:00Z | never
            0 0 0 31 4 *           | 2025-01-01T00:00:00Z | never
            0 0 0 31 2,4,6,9,11 *  | 2025-01-01T00:00:00Z | never
            """)
    void theCalendarDecidesWhichDaysExist(String spec, String after, String expected) {
        assertNext(spec, after, expected);
    }

    @ParameterizedTest(name = NEXT)
    @CsvSource(delimiter = '|', textBlock = """
            0 0 0 * * *            | 2025-01-02T00:00:00Z | 2025-01-03T00:00:00Z
            0 0 0 * * *            | 2025-01-01T23:59:59.999999999Z | 2025-01-02T00:00:00Z
            0 0 0 * * *            | 2025-01-02T00:00:00.000000001Z | 2025-01-03T00:00:00Z
            * * * * * *            | 2025-01-01T00:00:00.5Z | 2025-01-01T00:00:01Z
            @hourly                | 2025-01-01T11:00:00Z | 2025-01-01T12:00:00Z
            """)
    void nextIsStrictlyAfterTheReferenceTime(String spec, String after, String expected) {
        assertNext(spec, after, expected);
    }

    @ParameterizedTest(name = NEXT)
    @CsvSource(delimiter = '|', textBlock = """
            # the search gives up after the year (reference year + 5); 2100 is no leap year
            0 0 0 29 2 *           | 2091-03-01T00:00:00Z | 2092-02-29T00:00:00Z
            0 0 0 29 2 *           | 2095-03-01T00:00:00Z | 2096-02-29T00:00:00Z
            0 0 0 29 2 *           | 2096-03-01T00:00:00Z | never
            # that year is taken after rounding up to the next second
            0 0 0 29 2 *           | 2098-12-31T23:59:58Z | never
            0 0 0 29 2 *           | 2098-12-31T23:59:59Z | 2104-02-29T00:00:00Z
            """)
    void searchesAtMostFiveYearsAhead(String spec, String after, String expected) {
        assertNext(spec, after, expected);
    }

    @ParameterizedTest(name = NEXT)
    @CsvSource(delimiter = '|', textBlock = """
            # Berlin springs forward 2025-03-30 02:00 -> 03:00: 02:30 does not happen that day
            0 30 2 * * *   | 2025-03-29T12:00:00+01:00[Europe/Berlin] | 2025-03-31T02:30:00+02:00[Europe/Berlin]
            0 0 * * * *    | 2025-03-30T01:30:00+01:00[Europe/Berlin] | 2025-03-30T03:00:00+02:00[Europe/Berlin]
            0 0 0 * * *    | 2025-03-29T12:00:00+01:00[Europe/Berlin] | 2025-03-30T00:00:00+01:00[Europe/Berlin]
            # Berlin falls back 2025-10-26 03:00 -> 02:00: 02:30 happens twice
            0 30 2 * * *   | 2025-10-26T00:00:00+02:00[Europe/Berlin] | 2025-10-26T02:30:00+02:00[Europe/Berlin]
            0 30 2 * * *   | 2025-10-26T02:30:00+02:00[Europe/Berlin] | 2025-10-26T02:30:00+01:00[Europe/Berlin]
            0 30 2 * * *   | 2025-10-26T02:30:00+01:00[Europe/Berlin] | 2025-10-27T02:30:00+01:00[Europe/Berlin]
            0 0 3 * * *    | 2025-10-26T02:30:00+02:00[Europe/Berlin] | 2025-10-26T03:00:00+01:00[Europe/Berlin]
            # @every adds elapsed time: 24 hours across the gap is 13:00 the next day
            @every 24h     | 2025-03-29T12:00:00+01:00[Europe/Berlin] | 2025-03-30T13:00:00+02:00[Europe/Berlin]
            # New York springs forward 2025-03-09 02:00 -> 03:00 and falls back 2025-11-02 02:00 -> 01:00
            0 30 2 * * *   | 2025-03-08T12:00:00-05:00[America/New_York] | 2025-03-10T02:30:00-04:00[America/New_York]
            0 30 1 * * *   | 2025-11-02T00:00:00-04:00[America/New_York] | 2025-11-02T01:30:00-04:00[America/New_York]
            0 30 1 * * *   | 2025-11-02T01:30:00-04:00[America/New_York] | 2025-11-02T01:30:00-05:00[America/New_York]
            0 30 1 * * *   | 2025-11-02T01:30:00-05:00[America/New_York] | 2025-11-03T01:30:00-05:00[America/New_York]
            # Sao Paulo skipped midnight on 2018-11-04 (00:00 -> 01:00). Go's time.Date resolves the
            # missing midnight to 23:00 the day before, so robfig's day search lands on 23:00 ...
            0 0 * 4 11 *   | 2018-11-01T00:00:00-03:00[America/Sao_Paulo] | 2018-11-04T23:00:00-02:00[America/Sao_Paulo]
            # ... and a daily midnight job loses the gap day, and the 5th of November too
            0 0 0 * * *    | 2018-11-03T12:00:00-03:00[America/Sao_Paulo] | 2018-11-05T00:00:00-02:00[America/Sao_Paulo]
            0 0 0 5 11 *   | 2018-11-01T00:00:00-03:00[America/Sao_Paulo] | 2019-11-05T00:00:00-03:00[America/Sao_Paulo]
            # Apia skipped 2011-12-30 entirely: robfig's Next never returns here; this returns never
            0 0 0 31 12 *  | 2011-12-01T00:00:00-10:00[Pacific/Apia] | never
            """)
    void daylightSavingTimeFollowsGoTimeArithmetic(String spec, String after, String expected) {
        assertNext(spec, after, expected);
    }

    @ParameterizedTest(name = "{0}  is rejected: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # field count
            * * *                  | Expected 5 to 6 fields, found 3: * * *
            * * * * * * *          | Expected 5 to 6 fields, found 7: * * * * * * *
            '   '                  | 'Expected 5 to 6 fields, found 0:    '
            # only a spec whose very first character is @ is a descriptor
            ' @daily'              | 'Expected 5 to 6 fields, found 1:  @daily'
            # bounds of every field
            60 * * * * *           | End of range (60) above maximum (59): 60
            70 * * * * *           | End of range (70) above maximum (59): 70
            * 60 * * * *           | End of range (60) above maximum (59): 60
            * * 24 * * *           | End of range (24) above maximum (23): 24
            * * * 0 * *            | Beginning of range (0) below minimum (1): 0
            * * * 32 * *           | End of range (32) above maximum (31): 32
            * * * * 0 *            | Beginning of range (0) below minimum (1): 0
            * * * * 13 *           | End of range (13) above maximum (12): 13
            * * * * * 7            | End of range (7) above maximum (6): 7
            0 0 0 * * sun-7        | End of range (7) above maximum (6): sun-7
            0-70 * * * * *         | End of range (70) above maximum (59): 0-70
            50-70/5 * * * * *      | End of range (70) above maximum (59): 50-70/5
            * * * 0/10 * *         | Beginning of range (0) below minimum (1): 0/10
            # range and step shape
            30-20 * * * * *        | Beginning of range (30) beyond end of range (20): 30-20
            */0 * * * * *          | Step of range should be a positive number: */0
            5/0 * * * * *          | Step of range should be a positive number: 5/0
            1-2-3 * * * * *        | Too many hyphens: 1-2-3
            */2/3 * * * * *        | Too many slashes: */2/3
            # numbers: Go's strconv.Atoi, then no negatives
            x * * * * *            | Failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax
            */x * * * * *          | Failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax
            5- * * * * *           | 'Failed to parse int from : strconv.Atoi: parsing "": invalid syntax'
            -1 * * * * *           | 'Failed to parse int from : strconv.Atoi: parsing "": invalid syntax'
            */-1 * * * * *         | Negative number (-1) not allowed: -1
            1.5 * * * * *          | Failed to parse int from 1.5: strconv.Atoi: parsing "1.5": invalid syntax
            99999999999999999999 * * * * * | Failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range
            # names belong to their own field, in three-letter form only
            0 0 0 * * jan          | Failed to parse int from jan: strconv.Atoi: parsing "jan": invalid syntax
            0 0 0 1 sun *          | Failed to parse int from sun: strconv.Atoi: parsing "sun": invalid syntax
            0 0 0 * * monday       | Failed to parse int from monday: strconv.Atoi: parsing "monday": invalid syntax
            # Quartz-only syntax
            0 0 0 L * *            | Failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax
            0 0 0 ? * 1#2          | Failed to parse int from 1#2: strconv.Atoi: parsing "1#2": invalid syntax
            # descriptors are case-sensitive and must match exactly
            @foo                   | Unrecognized descriptor: @foo
            @Daily                 | Unrecognized descriptor: @Daily
            @DAILY                 | Unrecognized descriptor: @DAILY
            '@daily '              | 'Unrecognized descriptor: @daily '
            @every                 | Unrecognized descriptor: @every
            @reboot                | Unrecognized descriptor: @reboot
            # @every takes exactly one space and a Go duration
            @every x               | Failed to parse duration @every x: time: invalid duration "x"
            @every 5               | Failed to parse duration @every 5: time: missing unit in duration "5"
            @every 1h30            | Failed to parse duration @every 1h30: time: missing unit in duration "1h30"
            @every 5d              | Failed to parse duration @every 5d: time: unknown unit "d" in duration "5d"
            @every 5M              | Failed to parse duration @every 5M: time: unknown unit "M" in duration "5M"
            @every .s              | Failed to parse duration @every .s: time: invalid duration ".s"
            '@every '              | 'Failed to parse duration @every : time: invalid duration ""'
            '@every  5m'           | 'Failed to parse duration @every  5m: time: invalid duration " 5m"'
            '@every 5m '           | 'Failed to parse duration @every 5m : time: unknown unit "m " in duration "5m "'
            @every 9999999999h     | Failed to parse duration @every 9999999999h: time: invalid duration "9999999999h"
            """)
    void rejectsInvalidSpecsWithRobfigsMessage(String spec, String message) {
        assertThatThrownBy(() -> CronSchedule.parse(spec))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "[{0}]  is rejected")
    @NullAndEmptySource
    void rejectsNullAndEmptySpecs(String spec) {
        assertThatThrownBy(() -> CronSchedule.parse(spec))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Empty spec string");
    }
}
