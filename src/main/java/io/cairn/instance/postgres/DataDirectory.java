package io.cairn.instance.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** PGDATA and the marker files the instance manager keeps in it. */
public record DataDirectory(Path path) {

    /**
     * Present from initdb until the first successful archive: {@code cairn wal-archive} then first checks that the
     * archive is empty (CloudNativePG's file of the same name and meaning).
     */
    public static final String CHECK_EMPTY_WAL_ARCHIVE = ".check-empty-wal-archive";
    /** Present from initdb until the roles, the application database and the post-init SQL exist. */
    public static final String POST_INIT_PENDING = ".cairn-post-init-pending";

    public static final String STANDBY_SIGNAL = "standby.signal";

    /** Whether PGDATA holds a database (PG_VERSION is written by initdb and pg_basebackup). */
    public boolean initialized() {
        return Files.exists(path.resolve("PG_VERSION"));
    }

    /** Whether PGDATA is absent or empty, so bootstrap may fill it. */
    public boolean emptyOrAbsent() {
        if (!Files.exists(path)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean standby() {
        return Files.exists(path.resolve(STANDBY_SIGNAL));
    }

    public boolean has(String marker) {
        return Files.exists(path.resolve(marker));
    }

    public void create(String marker) {
        try {
            Files.writeString(path.resolve(marker), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void remove(String marker) {
        try {
            Files.deleteIfExists(path.resolve(marker));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the rendered configuration files, each through a temporary file and an atomic rename. */
    public void writeFiles(Map<String, String> files) {
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = path.resolve(file.getKey());
                Path temporary = path.resolve(file.getKey() + ".cairn-tmp");
                Files.writeString(temporary, file.getValue());
                Files.move(
                        temporary,
                        target,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path archiveStatus() {
        return path.resolve("pg_wal").resolve("archive_status");
    }
}
