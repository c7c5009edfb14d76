package io.cairn.scheduling;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of {@code cron/robfig-cron-v1.2.0.txt}: robfig/cron v1.2.0's own answers, written by
 * {@code local/cron-vectors.sh} (a Go program that calls {@code cron.Parse(spec).Next(after)}).
 */
final class RobfigTable {

    static final String RESOURCE = "/cron/robfig-cron-v1.2.0.txt";

    /**
     * @param after a ZonedDateTime, or {@code -} for a spec robfig rejects
     * @param result the next activation, {@code never}, {@code hangs} or {@code error: "message"}
     */
    record Row(int line, String spec, String after, String result) {

        boolean rejected() {
            return result.startsWith("error: ");
        }

        String errorMessage() {
            return unquote(result.substring("error: ".length()));
        }

        @Override
        public String toString() {
            return "line " + line + ": " + quoted(spec) + (rejected() ? "" : "  after " + after) + "  ->  " + result;
        }
    }

    private RobfigTable() {}

    static List<Row> rows() {
        try (InputStream in = RobfigTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing");
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\\|", 3);
                if (columns.length != 3) {
                    throw new IllegalStateException(RESOURCE + ":" + (i + 1) + ": expected \"spec\" | after | result");
                }
                rows.add(new Row(i + 1, unquote(columns[0].strip()), columns[1].strip(), columns[2].strip()));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a Go-quoted string: the escapes {@code strconv.Quote} writes. */
    static String unquote(String quoted) {
        if (quoted.length() < 2 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"') {
            throw new IllegalArgumentException("not a Go-quoted string: " + quoted);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c != '\\') {
                text.append(c);
                continue;
            }
            char escape = quoted.charAt(++i);
            switch (escape) {
                case 't' -> text.append('\t');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 'x' -> text.append((char) Integer.parseInt(quoted.substring(i + 1, i += 2), 16));
                case 'u' -> text.append((char) Integer.parseInt(quoted.substring(i + 1, i += 4), 16));
                case 'U' -> text.appendCodePoint(Integer.parseInt(quoted.substring(i + 1, i += 8), 16));
                default -> text.append(escape);
            }
        }
        return text.toString();
    }

    private static String quoted(String spec) {
        return "\"" + spec.replace("\t", "\\t").replace("\u00a0", "\\u00a0") + "\"";
    }
}
