package io.cairn.instance.barman;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CloudNativePG's {@code retentionPolicy} ({@code 30d}, {@code 4w}, {@code 6m}) in barman's words. */
public final class BarmanRetentionPolicy {

    private static final Pattern POLICY = Pattern.compile("([1-9][0-9]*)([dwm])");

    private BarmanRetentionPolicy() {}

    /**
     * {@code 30d} gives {@code RECOVERY WINDOW OF 30 DAYS}, {@code 4w} {@code ... WEEKS}, {@code 6m}
     * {@code ... MONTHS}; anything else is a {@link BarmanConfigurationException}.
     */
    public static String recoveryWindow(String policy) {
        Matcher matcher = policy == null ? null : POLICY.matcher(policy);
        if (matcher == null || !matcher.matches()) {
            throw new BarmanConfigurationException(
                    "retentionPolicy '" + policy + "' is not a number followed by " + "d, w or m (e.g. 30d)");
        }
        String unit = switch (matcher.group(2)) {
            case "d" -> "DAYS";
            case "w" -> "WEEKS";
            default -> "MONTHS";
        };
        return "RECOVERY WINDOW OF " + matcher.group(1) + " " + unit;
    }
}
