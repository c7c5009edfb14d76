package io.cairn.scheduling;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cron schedule that behaves exactly like robfig/cron v1.2.0's {@code cron.Parse} and
 * {@code Schedule.Next}: the same accepted syntax, the same error messages and the same
 * activation times.
 *
 * <p>Accepted specs:
 * <ul>
 *   <li>six fields {@code second minute hour day-of-month month day-of-week}, or five fields
 *       {@code second minute hour day-of-month month} (day-of-week is then {@code *}). Note that
 *       five fields are <em>not</em> the classic crontab layout: the first field is seconds.</li>
 *   <li>{@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily},
 *       {@code @midnight}, {@code @hourly} (lower case only), and {@code @every <Go duration>}.</li>
 * </ul>
 *
 * <p>Daylight saving time: like robfig, {@link #next} walks the calendar in the schedule's zone
 * with Go's rules — whole days and months are added to the local date and re-resolved the way
 * Go's {@code time.Date} does, hours, minutes and seconds are added on the instant time-line.
 * Consequently a time of day that falls into a spring-forward gap is skipped for that day, a
 * time of day inside a fall-back overlap fires twice, and hourly or finer schedules simply
 * follow the instants.
 *
 * <p>One deliberate difference: where robfig's {@code Next} never returns (a day that a zone
 * skipped entirely, such as 2011-12-30 in Pacific/Apia, when the search has to step across it),
 * {@link #next} returns {@code null}.
 */
public final class CronSchedule {

    private static final long STAR_BIT = 1L << 63;

    private static final Bounds SECONDS = new Bounds(0, 59, Map.of());
    private static final Bounds MINUTES = new Bounds(0, 59, Map.of());
    private static final Bounds HOURS = new Bounds(0, 23, Map.of());
    private static final Bounds DAYS_OF_MONTH = new Bounds(1, 31, Map.of());
    private static final Bounds MONTHS = new Bounds(
            1,
            12,
            Map.ofEntries(
                    Map.entry("jan", 1L),
                    Map.entry("feb", 2L),
                    Map.entry("mar", 3L),
                    Map.entry("apr", 4L),
                    Map.entry("may", 5L),
                    Map.entry("jun", 6L),
                    Map.entry("jul", 7L),
                    Map.entry("aug", 8L),
                    Map.entry("sep", 9L),
                    Map.entry("oct", 10L),
                    Map.entry("nov", 11L),
                    Map.entry("dec", 12L)));
    private static final Bounds DAYS_OF_WEEK =
            new Bounds(0, 6, Map.of("sun", 0L, "mon", 1L, "tue", 2L, "wed", 3L, "thu", 4L, "fri", 5L, "sat", 6L));

    private static final String EVERY_PREFIX = "@every ";
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final Map<String, Long> DURATION_UNITS_IN_NANOS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L, // micro sign
            "\u03bcs", 1_000L, // Greek small letter mu
            "ms", 1_000_000L,
            "s", NANOS_PER_SECOND,
            "m", 60 * NANOS_PER_SECOND,
            "h", 3600 * NANOS_PER_SECOND);

    private final String spec;
    private final int fieldCount;
    private final Timing timing;

    private CronSchedule(String spec, int fieldCount, Timing timing) {
        this.spec = spec;
        this.fieldCount = fieldCount;
        this.timing = timing;
    }

    /**
     * Parses a spec the way robfig/cron v1.2.0's {@code cron.Parse} does.
     *
     * @param spec five or six whitespace-separated fields, or a descriptor starting with {@code @}
     * @return the parsed schedule
     * @throws IllegalArgumentException for any spec robfig rejects (including {@code null} and
     *     empty), with robfig's error message
     */
    public static CronSchedule parse(String spec) {
        if (spec == null || spec.isEmpty()) {
            throw new IllegalArgumentException("Empty spec string");
        }
        // Only the very first character decides: " @daily" is a one-field spec, not a descriptor.
        if (spec.charAt(0) == '@') {
            return new CronSchedule(spec, 0, parseDescriptor(spec));
        }
        List<String> fields = splitOnGoWhitespace(spec);
        if (fields.size() < 5 || fields.size() > 6) {
            throw new IllegalArgumentException("Expected 5 to 6 fields, found " + fields.size() + ": " + spec);
        }
        String dayOfWeek = fields.size() == 6 ? fields.get(5) : "*";
        FieldSchedule schedule = new FieldSchedule(
                parseField(fields.get(0), SECONDS),
                parseField(fields.get(1), MINUTES),
                parseField(fields.get(2), HOURS),
                parseField(fields.get(3), DAYS_OF_MONTH),
                parseField(fields.get(4), MONTHS),
                parseField(dayOfWeek, DAYS_OF_WEEK));
        return new CronSchedule(spec, fields.size(), schedule);
    }

    /**
     * Returns the first activation strictly after {@code after}, exactly as robfig/cron v1.2.0's
     * {@code Schedule.Next} computes it.
     *
     * @param after the reference time; its zone is the zone the schedule is evaluated in
     * @return the next activation, in {@code after}'s zone, with no sub-second part; {@code null}
     *     when a field schedule has no activation within five calendar years (robfig returns the
     *     zero time then)
     */
    public ZonedDateTime next(ZonedDateTime after) {
        Objects.requireNonNull(after, "after");
        return timing.next(after);
    }

    /** Returns the number of whitespace-separated fields in the spec: 5 or 6, or 0 for a descriptor. */
    public int fieldCount() {
        return fieldCount;
    }

    /** Returns whether the spec is a descriptor such as {@code @daily} or {@code @every 1h}. */
    public boolean isDescriptor() {
        return fieldCount == 0;
    }

    /** Returns the spec exactly as it was given to {@link #parse}. */
    public String spec() {
        return spec;
    }

    @Override
    public String toString() {
        return spec;
    }

    private sealed interface Timing permits FieldSchedule, ConstantDelay {
        ZonedDateTime next(ZonedDateTime after);
    }

    private record Bounds(long min, long max, Map<String, Long> names) {}

    /** robfig's ConstantDelaySchedule: fires every {@code delaySeconds}, counted from the reference time. */
    private record ConstantDelay(long delaySeconds) implements Timing {

        @Override
        public ZonedDateTime next(ZonedDateTime after) {
            Instant next = after.toInstant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(delaySeconds);
            return ZonedDateTime.ofInstant(next, after.getZone());
        }
    }

    /**
     * robfig's SpecSchedule: bit {@code n} of a field is set when value {@code n} matches; bit 63
     * records that the field was written as {@code *} or {@code ?} (it switches day matching
     * from OR to AND).
     */
    private record FieldSchedule(long second, long minute, long hour, long dayOfMonth, long month, long dayOfWeek)
            implements Timing {

        @Override
        public ZonedDateTime next(ZonedDateTime after) {
            // Robfig would search five years and give up; answer directly instead of looping.
            if (neverFires()) {
                return null;
            }
            ZoneId zone = after.getZone();
            ZonedDateTime t = ZonedDateTime.ofInstant(
                    after.toInstant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1), zone);
            // Whether a field has been moved on already; the first move also resets the finer fields.
            boolean added = false;
            int yearLimit = t.getYear() + 5;

            // A translation of robfig's loop; "continue wrap" is its "goto WRAP".
            wrap:
            while (true) {
                if (t.getYear() > yearLimit) {
                    return null;
                }
                while (!matches(month, t.getMonthValue())) {
                    if (!added) {
                        added = true;
                        t = goDate(zone, t.getYear(), t.getMonthValue(), 1, 0);
                    }
                    t = addDate(t, 1, 0);
                    if (t.getMonthValue() == 1) {
                        continue wrap;
                    }
                }
                while (!dayMatches(t)) {
                    if (!added) {
                        added = true;
                        t = goDate(zone, t.getYear(), t.getMonthValue(), t.getDayOfMonth(), 0);
                    }
                    ZonedDateTime dayBefore = t;
                    t = addDate(t, 0, 1);
                    if (t.equals(dayBefore)) {
                        // A whole skipped day (Pacific/Apia, 2011-12-30) resolves back onto the day
                        // before, so robfig would loop here forever; give up instead.
                        return null;
                    }
                    if (t.getDayOfMonth() == 1) {
                        continue wrap;
                    }
                }
                while (!matches(hour, t.getHour())) {
                    if (!added) {
                        added = true;
                        t = goDate(zone, t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour());
                    }
                    t = t.plusHours(1); // on the instant time-line, like Go's t.Add
                    if (t.getHour() == 0) {
                        continue wrap;
                    }
                }
                while (!matches(minute, t.getMinute())) {
                    if (!added) {
                        added = true;
                        t = truncateToMinute(t);
                    }
                    t = t.plusMinutes(1);
                    if (t.getMinute() == 0) {
                        continue wrap;
                    }
                }
                while (!matches(second, t.getSecond())) {
                    added = true; // robfig also truncates to the second here, a no-op at this point
                    t = t.plusSeconds(1);
                    if (t.getSecond() == 0) {
                        continue wrap;
                    }
                }
                return t;
            }
        }

        /** True when a field lists no value at all, which only a spec like {@code ","} produces. */
        private boolean neverFires() {
            boolean noDay = isStar(dayOfMonth) || isStar(dayOfWeek)
                    ? dayOfMonth == 0 || dayOfWeek == 0
                    : dayOfMonth == 0 && dayOfWeek == 0;
            return second == 0 || minute == 0 || hour == 0 || month == 0 || noDay;
        }

        /** Day-of-month and day-of-week must both match if either is a star, otherwise one suffices. */
        private boolean dayMatches(ZonedDateTime t) {
            boolean dayOfMonthMatches = matches(dayOfMonth, t.getDayOfMonth());
            boolean dayOfWeekMatches = matches(dayOfWeek, t.getDayOfWeek().getValue() % 7);
            if (isStar(dayOfMonth) || isStar(dayOfWeek)) {
                return dayOfMonthMatches && dayOfWeekMatches;
            }
            return dayOfMonthMatches || dayOfWeekMatches;
        }

        private static boolean matches(long bits, int value) {
            return (bits & (1L << value)) != 0;
        }

        private static boolean isStar(long bits) {
            return (bits & STAR_BIT) != 0;
        }

        /** Go's {@code t.AddDate(0, months, days)}: shifts the local date and re-resolves it. */
        private static ZonedDateTime addDate(ZonedDateTime t, int months, int days) {
            return goDate(
                    t.getZone(),
                    t.getYear(),
                    t.getMonthValue() + months,
                    t.getDayOfMonth() + days,
                    t.getHour(),
                    t.getMinute(),
                    t.getSecond());
        }

        private static ZonedDateTime goDate(ZoneId zone, int year, int month, int day, int hour) {
            return goDate(zone, year, month, day, hour, 0, 0);
        }

        /**
         * Go's {@code time.Date}: month and day may overflow (month 13, April 31) and roll over.
         * A local time in a gap or overlap is resolved as Go does it, which is not what
         * {@link ZonedDateTime#of} does: Go takes the offset in force at the instant "local time
         * read as UTC", then re-reads the offset at the instant that offset yields. So in zones
         * west of UTC a time in a gap moves backwards (Sao Paulo's missing 00:30 becomes 23:30 of
         * the day before), and in zones east of UTC an overlap resolves to the later offset.
         */
        private static ZonedDateTime goDate(
                ZoneId zone, int year, int month, int day, int hour, int minute, int second) {
            LocalDateTime local = LocalDate.of(year, 1, 1)
                    .plusMonths(month - 1)
                    .plusDays(day - 1)
                    .atTime(hour, minute, second);
            long localAsUtc = local.toEpochSecond(ZoneOffset.UTC);
            ZoneOffset guess = zone.getRules().getOffset(Instant.ofEpochSecond(localAsUtc));
            ZoneOffset offset = zone.getRules().getOffset(Instant.ofEpochSecond(localAsUtc - guess.getTotalSeconds()));
            return ZonedDateTime.ofInstant(Instant.ofEpochSecond(localAsUtc - offset.getTotalSeconds()), zone);
        }

        /** Go's {@code t.Truncate(time.Minute)} works on the instant, not on the local time. */
        private static ZonedDateTime truncateToMinute(ZonedDateTime t) {
            long epochSecond = t.toEpochSecond();
            return ZonedDateTime.ofInstant(
                    Instant.ofEpochSecond(epochSecond - Math.floorMod(epochSecond, 60)), t.getZone());
        }
    }

    // ---- parsing, following robfig's parser.go ----

    private static Timing parseDescriptor(String descriptor) {
        switch (descriptor) {
            case "@yearly":
            case "@annually":
                return new FieldSchedule(bit(0), bit(0), bit(0), bit(1), bit(1), all(DAYS_OF_WEEK));
            case "@monthly":
                return new FieldSchedule(bit(0), bit(0), bit(0), bit(1), all(MONTHS), all(DAYS_OF_WEEK));
            case "@weekly":
                return new FieldSchedule(bit(0), bit(0), bit(0), all(DAYS_OF_MONTH), all(MONTHS), bit(0));
            case "@daily":
            case "@midnight":
                return new FieldSchedule(bit(0), bit(0), bit(0), all(DAYS_OF_MONTH), all(MONTHS), all(DAYS_OF_WEEK));
            case "@hourly":
                return new FieldSchedule(
                        bit(0), bit(0), all(HOURS), all(DAYS_OF_MONTH), all(MONTHS), all(DAYS_OF_WEEK));
            default:
                break;
        }
        if (descriptor.startsWith(EVERY_PREFIX)) {
            long nanos;
            try {
                nanos = parseGoDuration(descriptor.substring(EVERY_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Failed to parse duration " + descriptor + ": " + e.getMessage(), e);
            }
            // robfig's Every(): anything below one second (zero and negative too) becomes one
            // second; the rest is truncated to whole seconds.
            return new ConstantDelay(Math.max(nanos, NANOS_PER_SECOND) / NANOS_PER_SECOND);
        }
        throw new IllegalArgumentException("Unrecognized descriptor: " + descriptor);
    }

    private static long bit(long value) {
        return 1L << value;
    }

    private static long all(Bounds bounds) {
        return bitsInRange(bounds.min(), bounds.max(), 1) | STAR_BIT;
    }

    /** A field is a comma-separated list of ranges; empty list items are ignored, as in Go's FieldsFunc. */
    private static long parseField(String field, Bounds bounds) {
        long bits = 0;
        for (String range : field.split(",")) {
            if (!range.isEmpty()) {
                bits |= parseRange(range, bounds);
            }
        }
        return bits;
    }

    /** A range is {@code *}, {@code ?}, {@code n} or {@code n-m}, optionally followed by {@code /step}. */
    private static long parseRange(String expr, Bounds bounds) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        boolean singleValue = lowAndHigh.length == 1;
        long start;
        long end;
        long extra = 0;
        // Whatever follows a leading "*" or "?" is ignored ("*-5" is "*"); a step keeps the star bit.
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = bounds.min();
            end = bounds.max();
            extra = STAR_BIT;
        } else {
            start = parseIntOrName(lowAndHigh[0], bounds.names());
            if (lowAndHigh.length == 1) {
                end = start;
            } else if (lowAndHigh.length == 2) {
                end = parseIntOrName(lowAndHigh[1], bounds.names());
            } else {
                throw new IllegalArgumentException("Too many hyphens: " + expr);
            }
        }

        long step;
        if (rangeAndStep.length == 1) {
            step = 1;
        } else if (rangeAndStep.length == 2) {
            step = parseNonNegativeInt(rangeAndStep[1]);
            if (singleValue) { // "n/step" means "n-max/step"
                end = bounds.max();
            }
        } else {
            throw new IllegalArgumentException("Too many slashes: " + expr);
        }

        if (start < bounds.min()) {
            throw new IllegalArgumentException(
                    "Beginning of range (" + start + ") below minimum (" + bounds.min() + "): " + expr);
        }
        if (end > bounds.max()) {
            throw new IllegalArgumentException(
                    "End of range (" + end + ") above maximum (" + bounds.max() + "): " + expr);
        }
        if (start > end) {
            throw new IllegalArgumentException(
                    "Beginning of range (" + start + ") beyond end of range (" + end + "): " + expr);
        }
        if (step == 0) {
            throw new IllegalArgumentException("Step of range should be a positive number: " + expr);
        }
        return bitsInRange(start, end, step) | extra;
    }

    private static long bitsInRange(long start, long end, long step) {
        // end is at most 59, so any step of 64 or more sets only the start; capping avoids overflow.
        long stride = Math.min(step, 64);
        long bits = 0;
        for (long value = start; value <= end; value += stride) {
            bits |= 1L << value;
        }
        return bits;
    }

    private static long parseIntOrName(String expr, Map<String, Long> names) {
        // Go's strings.ToLower maps code point by code point, as Character.toLowerCase(int) does.
        String lowerCase = expr.codePoints()
                .map(Character::toLowerCase)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        Long named = names.get(lowerCase);
        return named != null ? named : parseNonNegativeInt(expr);
    }

    private static long parseNonNegativeInt(String expr) {
        long number;
        try {
            number = parseGoInt(expr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Failed to parse int from " + expr + ": " + e.getMessage(), e);
        }
        if (number < 0) {
            throw new IllegalArgumentException("Negative number (" + number + ") not allowed: " + expr);
        }
        return number;
    }

    /** Go's {@code strconv.Atoi} on a 64-bit platform: optional sign, ASCII digits, int64 range. */
    private static long parseGoInt(String text) {
        int index = 0;
        boolean negative = false;
        if (!text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-')) {
            negative = text.charAt(0) == '-';
            index = 1;
        }
        if (index == text.length()) {
            throw atoiError(text, "invalid syntax");
        }
        long magnitude = 0; // unsigned, like Go's ParseUint
        for (; index < text.length(); index++) {
            char c = text.charAt(index);
            if (c < '0' || c > '9') {
                throw atoiError(text, "invalid syntax");
            }
            long next = magnitude * 10 + (c - '0');
            if (Long.compareUnsigned(magnitude, Long.divideUnsigned(-1L, 10)) > 0
                    || Long.compareUnsigned(next, magnitude) < 0) {
                throw atoiError(text, "value out of range");
            }
            magnitude = next;
        }
        int comparedToTwoPow63 = Long.compareUnsigned(magnitude, Long.MIN_VALUE);
        if (negative ? comparedToTwoPow63 > 0 : comparedToTwoPow63 >= 0) {
            throw atoiError(text, "value out of range");
        }
        return negative ? -magnitude : magnitude;
    }

    private static IllegalArgumentException atoiError(String text, String problem) {
        return new IllegalArgumentException("strconv.Atoi: parsing " + goQuote(text) + ": " + problem);
    }

    /**
     * Go's {@code time.ParseDuration}, in nanoseconds: {@code [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+}
     * or a bare {@code 0}. Values are accumulated as unsigned longs, exactly as Go does.
     */
    private static long parseGoDuration(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw durationError("invalid duration", text);
        }
        long total = 0;
        int i = 0;
        while (i < s.length()) {
            if (!(s.charAt(i) == '.' || isAsciiDigit(s.charAt(i)))) {
                throw durationError("invalid duration", text);
            }
            int wholeStart = i;
            long whole = 0;
            for (; i < s.length() && isAsciiDigit(s.charAt(i)); i++) {
                if (Long.compareUnsigned(whole, Long.divideUnsigned(Long.MIN_VALUE, 10)) > 0) {
                    throw durationError("invalid duration", text);
                }
                whole = whole * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(whole, Long.MIN_VALUE) > 0) {
                    throw durationError("invalid duration", text);
                }
            }
            boolean hasWhole = i > wholeStart;

            long fraction = 0;
            double scale = 1;
            boolean hasFraction = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                boolean precisionExhausted = false;
                for (; i < s.length() && isAsciiDigit(s.charAt(i)); i++) {
                    if (precisionExhausted) {
                        continue;
                    }
                    long next = fraction * 10 + (s.charAt(i) - '0');
                    if (Long.compareUnsigned(fraction, Long.MAX_VALUE / 10) > 0
                            || Long.compareUnsigned(next, Long.MIN_VALUE) > 0) {
                        precisionExhausted = true;
                        continue;
                    }
                    fraction = next;
                    scale *= 10;
                }
                hasFraction = i > fractionStart;
            }
            if (!hasWhole && !hasFraction) {
                throw durationError("invalid duration", text);
            }

            int unitStart = i;
            while (i < s.length() && !(s.charAt(i) == '.' || isAsciiDigit(s.charAt(i)))) {
                i++;
            }
            if (i == unitStart) {
                throw durationError("missing unit in duration", text);
            }
            String unitName = s.substring(unitStart, i);
            Long unit = DURATION_UNITS_IN_NANOS.get(unitName);
            if (unit == null) {
                throw durationError("unknown unit " + goQuote(unitName) + " in duration", text);
            }
            if (Long.compareUnsigned(whole, Long.divideUnsigned(Long.MIN_VALUE, unit)) > 0) {
                throw durationError("invalid duration", text);
            }
            whole *= unit;
            if (fraction != 0) {
                // fraction is at most 2^63, which only as an unsigned value is positive
                double fractionValue = fraction == Long.MIN_VALUE ? 0x1p63 : fraction;
                whole += (long) (fractionValue * ((double) unit / scale));
                if (Long.compareUnsigned(whole, Long.MIN_VALUE) > 0) {
                    throw durationError("invalid duration", text);
                }
            }
            total += whole;
            if (Long.compareUnsigned(total, Long.MIN_VALUE) > 0) {
                throw durationError("invalid duration", text);
            }
        }
        if (negative) {
            return -total;
        }
        if (total < 0) { // exactly 2^63
            throw durationError("invalid duration", text);
        }
        return total;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException durationError(String problem, String text) {
        return new IllegalArgumentException("time: " + problem + " " + goQuote(text));
    }

    /** Go's string quoting as far as it matters here: printable ASCII as is, other ASCII as \xNN. */
    private static String goQuote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < ' ' || c == 0x7f) {
                quoted.append(String.format("\\x%02x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    /** Go's {@code strings.Fields}: splits on Unicode white space, dropping empty fields. */
    private static List<String> splitOnGoWhitespace(String text) {
        List<String> fields = new ArrayList<>();
        int fieldStart = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean boundary = i == text.length() || isGoSpace(text.charAt(i));
            if (boundary && fieldStart >= 0) {
                fields.add(text.substring(fieldStart, i));
                fieldStart = -1;
            } else if (!boundary && fieldStart < 0) {
                fieldStart = i;
            }
        }
        return fields;
    }

    /** Go's {@code unicode.IsSpace}, which differs from {@link Character#isWhitespace}. */
    private static boolean isGoSpace(char c) {
        switch (c) {
            case '\t',
                    '\n',
                    '\u000b',
                    '\f',
                    '\r',
                    ' ',
                    '\u0085',
                    '\u00a0',
                    '\u1680',
                    '\u2028',
                    '\u2029',
                    '\u202f',
                    '\u205f',
                    '\u3000':
                return true;
            default:
                return c >= '\u2000' && c <= '\u200a';
        }
    }
}
