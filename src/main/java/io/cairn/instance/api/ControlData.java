package io.cairn.instance.api;

import java.util.Optional;

/**
 * {@code GET /pg/controldata}: the output of {@code pg_controldata} on PGDATA (in the C locale), which a volume
 * snapshot carries in its {@code cnpg.io/pgControldata} annotation and from which the backup's WAL fields come.
 */
public record ControlData(String output) {

    public static final String REDO_WAL_FILE = "Latest checkpoint's REDO WAL file";
    public static final String REDO_LOCATION = "Latest checkpoint's REDO location";
    public static final String TIMELINE = "Latest checkpoint's TimeLineID";

    /** The value of one {@code key: value} line, trimmed. */
    public Optional<String> value(String key) {
        if (output == null) {
            return Optional.empty();
        }
        return output.lines()
                .filter(line -> line.startsWith(key + ":"))
                .map(line -> line.substring(key.length() + 1).strip())
                .findFirst();
    }
}
