package io.cairn.instance.api;

import java.time.Instant;

/**
 * The outcome of archiving one WAL file.
 *
 * @param walName the file name, e.g. {@code 000000010000000000000003}
 * @param success whether barman-cloud-wal-archive stored it
 * @param message on failure barman's error (its last lines), on success a short note
 * @param requested true for the file PostgreSQL asked for (whose result is the command's exit code), false for a file
 *     archived ahead in parallel (wal.maxParallel)
 */
public record ArchiveResult(
        String walName, boolean success, String message, Instant startedAt, Instant finishedAt, boolean requested) {}
