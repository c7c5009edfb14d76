package io.cairn.controller.scheduledbackup;

import io.cairn.api.v1.ScheduledBackupSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far after its slot a spread schedule's backup starts ({@code spec.spreadWindow}). The offset is the same
 * fraction of the window at every slot, a fraction derived from the seed (the ScheduledBackup's UID), so a thousand
 * schedules of {@code 0 0 0 * * *} start spread over the window and each starts at the same time every day. The
 * window is cut to the gap before the next slot, so a backup never starts at or after the next slot.
 *
 * @param window the spread window; zero for no spread
 * @param share the seed's share of the window, in 2^-32 units: 0 to 2^32 - 1
 */
record ScheduleSpread(Duration window, long share) {

    static final ScheduleSpread NONE = new ScheduleSpread(Duration.ZERO, 0);

    private static final Pattern WINDOW = Pattern.compile(ScheduledBackupSpec.SPREAD_WINDOW_PATTERN);
    private static final Duration LONGEST = Duration.ofHours(24);

    /**
     * The spread of {@code spreadWindow} (null: none) for a schedule identified by {@code seed}.
     *
     * @throws IllegalArgumentException for a window that is not hours, minutes and seconds from 1s to 24h (the CRD
     *     refuses those; this guards against an older CRD)
     */
    static ScheduleSpread of(String spreadWindow, String seed) {
        if (spreadWindow == null) {
            return NONE;
        }
        Duration window = parseWindow(spreadWindow);
        return new ScheduleSpread(window, share(seed == null ? "" : seed));
    }

    boolean isNone() {
        return window.isZero();
    }

    /**
     * The offset of {@code slot}'s backup: the share of the window, or of the gap to {@code nextSlot} when that is
     * shorter, in whole seconds; always shorter than both.
     */
    Duration offset(Instant slot, Instant nextSlot) {
        if (isNone()) {
            return Duration.ZERO;
        }
        long room = window.toSeconds();
        if (nextSlot != null) {
            room = Math.min(room, Duration.between(slot, nextSlot).toSeconds());
        }
        return Duration.ofSeconds((share * Math.max(room, 0)) >>> 32);
    }

    /** {@code 1h2m3s}, {@code 17m0s}, {@code 0s}: the form spec.spreadWindow is written in. */
    static String format(Duration offset) {
        long seconds = offset.toSeconds();
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        return text.append(seconds % 60).append('s').toString();
    }

    static Duration parseWindow(String text) {
        Matcher parts = WINDOW.matcher(text);
        if (text.isEmpty() || !parts.matches()) {
            throw new IllegalArgumentException(
                    "spreadWindow '" + text + "' is not hours, minutes and seconds such as '30m' or '1h30m'");
        }
        Duration window = Duration.ofHours(number(parts.group(1)))
                .plusMinutes(number(parts.group(2)))
                .plusSeconds(number(parts.group(3)));
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("spreadWindow '" + text + "' must be from 1s to 24h");
        }
        return window;
    }

    private static long number(String part) {
        if (part == null) {
            return 0;
        }
        // Anything above a day is refused; a bigger number only has to stay bigger without overflowing.
        String digits = part.substring(0, part.length() - 1);
        return digits.length() > 6 ? 1_000_000 : Long.parseLong(digits);
    }

    /** The first 32 bits of the seed's SHA-256: spread evenly whatever the seed looks like, the same in every JVM. */
    private static long share(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return ((digest[0] & 0xFFL) << 24)
                    | ((digest[1] & 0xFFL) << 16)
                    | ((digest[2] & 0xFFL) << 8)
                    | (digest[3] & 0xFFL);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
