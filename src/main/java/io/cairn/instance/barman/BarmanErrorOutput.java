package io.cairn.instance.barman;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a barman-cloud command's output worth showing a user: its {@code ERROR:} lines without the log
 * prefix (e.g. {@code Barman cloud backup exception: An error occurred (403) when calling the HeadBucket operation:
 * Forbidden}), else argparse's {@code error:} line, else the last lines that are not a Python traceback.
 */
public final class BarmanErrorOutput {

    /** Enough for a few barman lines; a Kubernetes status field should stay readable. */
    public static final int MAX_LENGTH = 1000;

    private static final Pattern ERROR_LINE = Pattern.compile("^(?:\\S+ \\S+ \\[\\d+\\] )?ERROR: (.*)$");

    private BarmanErrorOutput() {}

    /** The meaningful lines of {@code output}, joined by "; " and cut at {@link #MAX_LENGTH}; "" for none. */
    public static String meaningful(String output) {
        if (output == null || output.isBlank()) {
            return "";
        }
        List<String> lines = Arrays.stream(output.split("\\R")).toList();
        List<String> errors = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = ERROR_LINE.matcher(line.strip());
            if (matcher.matches() && !errors.contains(matcher.group(1).strip())) {
                errors.add(matcher.group(1).strip());
            }
        }
        if (errors.isEmpty()) {
            lines.stream()
                    .map(String::strip)
                    .filter(line -> line.contains(": error: "))
                    .reduce((a, b) -> b)
                    .ifPresent(errors::add);
        }
        if (errors.isEmpty()) {
            List<String> plain = lines.stream()
                    .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                    .map(String::strip)
                    .filter(line -> !line.startsWith("Traceback") && !line.startsWith("Exception ignored"))
                    .toList();
            errors.addAll(plain.subList(Math.max(0, plain.size() - 3), plain.size()));
        }
        String joined = String.join("; ", errors);
        return joined.length() <= MAX_LENGTH ? joined : joined.substring(0, MAX_LENGTH - 3) + "...";
    }
}
