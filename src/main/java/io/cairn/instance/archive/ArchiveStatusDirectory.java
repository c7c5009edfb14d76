package io.cairn.instance.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** {@code pg_wal/archive_status}: PostgreSQL's {@code <wal>.ready} (to archive) and {@code <wal>.done} files. */
public record ArchiveStatusDirectory(Path path) {

    /**
     * Up to {@code limit} WAL files waiting to be archived, other than {@code except}, in name order (oldest
     * segment first), as CloudNativePG gathers them.
     */
    public List<String> ready(String except, int limit) {
        if (limit <= 0 || !Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".ready"))
                    .map(name -> name.substring(0, name.length() - ".ready".length()))
                    .filter(name -> !name.equals(except))
                    .sorted()
                    .limit(limit)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Marks a WAL file archived: renames {@code <wal>.ready} to {@code <wal>.done}, as PostgreSQL's archiver does after
     * a successful archive_command, so PostgreSQL does not ask for it again (PostgreSQL 15+ checks that
     * {@code .ready} still exists before archiving a file it listed earlier). Returns false if there was no
     * {@code .ready} file (PostgreSQL archived or recycled it meanwhile).
     */
    public boolean markDone(String walName) {
        try {
            Files.move(
                    path.resolve(walName + ".ready"), path.resolve(walName + ".done"), StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many files are {@code .ready} and {@code .done}: {@code cnpg_collector_pg_wal_archive_status}. */
    public long count(String suffix) {
        if (!Files.isDirectory(path)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
