package io.cairn.instance.recovery;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A WAL segment file name, {@code TTTTTTTTXXXXXXXXYYYYYYYY} (timeline, log, segment), and the names that follow it
 * on the same timeline, assuming PostgreSQL's default 16 MB segments (256 per log file). History, backup label and
 * partial files are not segments.
 */
final class WalSegmentName {

    private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}");
    private static final long SEGMENTS_PER_LOG = 0x100;

    private WalSegmentName() {}

    static boolean isSegment(String name) {
        return SEGMENT.matcher(name).matches();
    }

    /** The {@code count} segment names after {@code name}. */
    static List<String> following(String name, int count) {
        String timeline = name.substring(0, 8);
        long log = Long.parseLong(name.substring(8, 16), 16);
        long segment = Long.parseLong(name.substring(16, 24), 16);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            segment++;
            if (segment == SEGMENTS_PER_LOG) {
                segment = 0;
                log++;
            }
            names.add(timeline + hex8(log) + hex8(segment));
        }
        return names;
    }

    private static String hex8(long value) {
        return HexFormat.of().withUpperCase().toHexDigits(value).substring(8);
    }
}
