package io.cairn.instance.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where postgres, initdb, pg_basebackup, psql and friends are. */
public record PostgresBinaries(Optional<Path> directory) {

    /** Debian's PostgreSQL 15, used when CAIRN_PG_BIN is not set and it exists. */
    static final Path DEBIAN_15 = Path.of("/usr/lib/postgresql/15/bin");

    /** The given directory, else Debian's PostgreSQL 15 directory if present, else the PATH. */
    public static PostgresBinaries resolve(Optional<Path> configured) {
        if (configured.isPresent()) {
            return new PostgresBinaries(configured);
        }
        return new PostgresBinaries(
                Files.isExecutable(DEBIAN_15.resolve("postgres")) ? Optional.of(DEBIAN_15) : Optional.empty());
    }

    public String tool(String name) {
        return directory.map(d -> d.resolve(name).toString()).orElse(name);
    }
}
