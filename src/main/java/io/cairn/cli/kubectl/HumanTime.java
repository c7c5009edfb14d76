package io.cairn.cli.kubectl;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Times as kubectl shows them: RFC 3339 in UTC, and ages rounded like its AGE column (apimachinery's HumanDuration). */
final class HumanTime {

    private HumanTime() {}

    /** {@code 2026-12-07T15:30:00Z (3h ago)}, {@code ... (in 8h)}; {@code -} for none. */
    static String at(Instant time, Instant now) {
        if (time == null) {
            return "-";
        }
        String iso = DateTimeFormatter.ISO_INSTANT.format(time);
        return time.isAfter(now)
                ? iso + " (in " + duration(Duration.between(now, time)) + ")"
                : iso + " (" + duration(Duration.between(time, now)) + " ago)";
    }

    /** An RFC 3339 string of the API as {@link #at}; one that does not parse is shown as it is. */
    static String at(String rfc3339, Instant now) {
        Instant time = parse(rfc3339);
        return time == null && rfc3339 != null && !rfc3339.isEmpty() ? rfc3339 : at(time, now);
    }

    /** The instant of an RFC 3339 string, or null when there is none or it does not parse. */
    static Instant parse(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return null;
        }
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(rfc3339, Instant::from);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** kubectl's rounding: 90s, 5m30s, 45m, 3h20m, 30h, 6d15h, 40d, 2y10d. */
    static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 0) {
            return "0s";
        }
        long minutes = seconds / 60;
        long hours = seconds / 3600;
        long days = hours / 24;
        if (seconds < 120) {
            return seconds + "s";
        }
        if (minutes < 10) {
            return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
        }
        if (minutes < 3 * 60) {
            return minutes + "m";
        }
        if (hours < 8) {
            return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            return hours % 24 == 0 ? days + "d" : days + "d" + hours % 24 + "h";
        }
        if (hours < 24 * 365 * 2) {
            return days + "d";
        }
        long years = days / 365;
        if (hours < 24 * 365 * 8) {
            return days % 365 == 0 ? years + "y" : years + "y" + days % 365 + "d";
        }
        return years + "y";
    }
}
