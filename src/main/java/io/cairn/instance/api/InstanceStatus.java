package io.cairn.instance.api;

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
 * @param error why the PostgreSQL fields are null (or why the recovery failed), null when they are there
 * @param sessionId this run of the instance manager (a random UUID per start): a backup job started under another
 *     session was lost to a restart
 * @param recoveryFailure set when the instance's recovery cannot succeed (then {@code error} is its message)
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
        String sessionId,
        RecoveryFailure recoveryFailure) {

    public static final String PRIMARY = "primary";
    public static final String REPLICA = "replica";

    public boolean primary() {
        return PRIMARY.equals(role);
    }

    public boolean replica() {
        return REPLICA.equals(role);
    }

    /** PostgreSQL's own archiver statistics. */
    public record Archiver(
            long archivedCount,
            String lastArchivedWal,
            OffsetDateTime lastArchivedTime,
            long failedCount,
            String lastFailedWal,
            OffsetDateTime lastFailedTime,
            OffsetDateTime statsReset) {

        /** CloudNativePG's check: archiving works when the last success is newer than the last failure. */
        public boolean working() {
            return lastArchivedTime != null && (lastFailedTime == null || lastArchivedTime.isAfter(lastFailedTime));
        }

        /** Nothing was ever archived nor failed (since the statistics were reset). */
        public boolean untried() {
            return lastArchivedTime == null && lastFailedTime == null;
        }
    }

    /** The postgres process the instance manager supervises. */
    public record PostgresProcess(Long pid, int restarts) {}
}
