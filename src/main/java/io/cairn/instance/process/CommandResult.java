package io.cairn.instance.process;

import java.util.Arrays;
import java.util.List;

/** How a command ended: its exit code (-1: killed at its timeout or could not start) and its two outputs. */
public record CommandResult(int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /**
     * The last {@code lines} non-empty lines of stderr, else of stdout, joined by "; ": the useful part of a
     * failure message (barman prints its error last).
     */
    public String lastLines(int lines) {
        String text = stderr == null || stderr.isBlank() ? stdout : stderr;
        if (text == null || text.isBlank()) {
            return "";
        }
        List<String> all = Arrays.stream(text.split("\\R"))
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
        return String.join("; ", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
