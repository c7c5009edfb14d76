package io.cairn.instance.api;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recovery target time ({@code recoveryTarget.targetTime}), read as CloudNativePG's {@code ParseTargetTime} reads
 * it: a PostgreSQL timestamp ({@code 2023-07-06 08:00:39[.123456][+02[:00]]}), RFC 3339 with or without fractions
 * ({@code 2023-07-06T08:00:39.123456Z}, {@code ...+02:00}) or a bare {@code 2023-07-06T08:00:39}. Without a zone it
 * is UTC. Written for PostgreSQL's {@code recovery_target_time} as {@code 2023-07-06 08:00:39.123456+00:00}.
 */
public final class RecoveryTargetTime {

    private static final Pattern FORMAT = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2})(\\.\\d{1,9})?\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?)?");
    private static final DateTimeFormatter POSTGRES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx");

    private RecoveryTargetTime() {}

    /** Parses a target time, or throws {@link IllegalArgumentException} naming the accepted formats. */
    public static OffsetDateTime parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("targetTime '" + text + "' is not a timestamp: use RFC 3339 (e.g. "
                    + "2023-07-06T08:00:39Z) or a PostgreSQL timestamp (e.g. 2023-07-06 08:00:39.123456+02)");
        }
        try {
            LocalDateTime local =
                    LocalDateTime.parse(m.group(1) + "T" + m.group(2) + (m.group(3) != null ? m.group(3) : ""));
            return local.atOffset(offset(m.group(4)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "targetTime '" + text + "' is not a valid date and time: " + e.getMessage(), e);
        }
    }

    /** PostgreSQL's form: {@code YYYY-MM-DD HH:MM:SS.ffffff+HH:MM}, microseconds always written. */
    public static String toPostgres(OffsetDateTime time) {
        return POSTGRES.format(time);
    }

    /** {@link #parse} then {@link #toPostgres}. */
    public static String normalize(String text) {
        return toPostgres(parse(text));
    }

    private static ZoneOffset offset(String zone) {
        if (zone == null || zone.equalsIgnoreCase("Z")) {
            return ZoneOffset.UTC;
        }
        String digits = zone.replace(":", "");
        int hours = Integer.parseInt(digits.substring(1, 3));
        int minutes = digits.length() > 3 ? Integer.parseInt(digits.substring(3, 5)) : 0;
        int sign = digits.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
}
