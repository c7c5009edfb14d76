package io.cairn.cli.kubectl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Columns as {@code kubectl get} prints them: upper-case headers, each column as wide as its widest cell plus three. */
final class Table {

    private static final int GAP = 3;

    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        rows.add(List.of(headers));
    }

    Table row(String... cells) {
        if (cells.length != rows.get(0).size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of "
                    + rows.get(0).size() + " columns: " + Arrays.toString(cells));
        }
        rows.add(List.of(cells));
        return this;
    }

    /** The table, one line per row, each ending with a newline; no trailing blanks. */
    String render() {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        rows.forEach(row -> {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(row.get(c));
                if (c < columns - 1) {
                    line.append(" ".repeat(widths[c] - row.get(c).length() + GAP));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** {@code Key:  value} lines, values aligned as in {@code kubectl cnpg status}. */
    static String keyValues(String... keysAndValues) {
        int width = 0;
        for (int i = 0; i < keysAndValues.length; i += 2) {
            width = Math.max(width, keysAndValues[i].length() + 1);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = keysAndValues[i] + ":";
            out.append(key)
                    .append(" ".repeat(width - key.length() + 2))
                    .append(keysAndValues[i + 1])
                    .append('\n');
        }
        return out.toString();
    }
}
