package io.cairn.instance.http;

import io.cairn.instance.archive.ArchiveResult;
import java.time.OffsetDateTime;

/**
 * {@code GET /pg/status}. The PostgreSQL fields are null while PostgreSQL cannot be asked; {@code error} says why.
 *
 * @param role primary or replica (from PostgreSQL, else from standby.signal)
 * @param ready the same as {@code /readyz}: started (on a primary, roles and database exist) and accepting connections
 * @param currentLsn a primary's current write LSN
 * @param receivedLsn a replica's last WAL position received from the primary (and flushed)
 * @param replayedLsn a replica's last WAL position replayed
 * @param archiver PostgreSQL's {@code pg_stat_archiver}
 * @param lastArchive the last {@code cairn wal-archive} result for a file PostgreSQL asked for
 * @param lastArchiveFailure the last failed archive, parallel ones included
 * @param sessionId this run of the instance manager (a random UUID per start): a backup job started under another
 *     session was lost to a restart
 */
public record InstanceStatus(
        String podName,
        String clusterName,
        String namespace,
        String role,
        boolean ready,
        Integer timeline,
        String currentLsn,
        String receivedLsn,
        String replayedLsn,
        String walReceiverStatus,
        Archiver archiver,
        ArchiveResult lastArchive,
        ArchiveResult lastArchiveFailure,
        PostgresProcess postgres,
        String error,
        String sessionId) {

    /** PostgreSQL's own archiver statistics. */
    public record Archiver(long archivedCount, String lastArchivedWal, OffsetDateTime lastArchivedTime,
            long failedCount, String lastFailedWal, OffsetDateTime lastFailedTime, OffsetDateTime statsReset) {
    }

    /** The postgres process the instance manager supervises. */
    public record PostgresProcess(Long pid, int restarts) {
    }
}
