package io.cairn.backup.barman;

import io.cairn.instance.api.BackupJob;
import io.cairn.instance.api.BackupRequest;
import io.cairn.instance.api.WalSwitchResult;
import java.time.OffsetDateTime;

/**
 * The operator's side of the instance API for backups ({@code http://<pod IP>:8000}, see
 * {@link io.cairn.instance.api}). Every call answers within a timeout and never throws for a pod that is down: the
 * {@link Reply} says what happened.
 */
public interface InstanceBackupClient {

    /** {@code GET /pg/status}. */
    Reply<InstanceState> status(String podIp);

    /** {@code POST /pg/backups}: 202/200 the job; 409 {@code ANOTHER_BACKUP_IN_PROGRESS}; 400 a message. */
    Reply<BackupJob> start(String podIp, BackupRequest request);

    /** {@code GET /pg/backups/<backupName>}: the job, or 404 when this session never ran it. */
    Reply<BackupJob> job(String podIp, String backupName);

    /** {@code POST /pg/wal-switch}: on a primary, (CHECKPOINT and) pg_switch_wal(). */
    Reply<WalSwitchResult> walSwitch(String podIp, boolean checkpoint);

    /** The error code of a 409 from {@code POST /pg/backups} while another backup runs. */
    String ANOTHER_BACKUP_IN_PROGRESS = "ANOTHER_BACKUP_IN_PROGRESS";

    /**
     * The answer of one call.
     *
     * @param value the body when the call succeeded (2xx), else null
     * @param httpStatus the HTTP status, 0 when the instance could not be reached
     * @param code the error code of a refusal, when the instance gave one
     * @param error what went wrong (the instance's message, or why it could not be reached), null on success
     */
    record Reply<T>(T value, int httpStatus, String code, String error) {

        public static <T> Reply<T> ok(T value) {
            return new Reply<>(value, 200, null, null);
        }

        public static <T> Reply<T> refused(int httpStatus, String code, String error) {
            return new Reply<>(null, httpStatus, code, error);
        }

        public static <T> Reply<T> unreachable(String error) {
            return new Reply<>(null, 0, null, error);
        }

        public boolean succeeded() {
            return value != null;
        }

        public boolean unreachable() {
            return httpStatus == 0;
        }

        public boolean notFound() {
            return httpStatus == 404;
        }
    }

    /**
     * What the operator reads from {@code /pg/status} to elect a target and follow a backup.
     *
     * @param sessionId the instance manager's session, new on every start; null if it did not say
     * @param role {@code primary} or {@code replica}
     * @param ready whether the instance is ready (as {@code /readyz})
     * @param archiver PostgreSQL's pg_stat_archiver, null while PostgreSQL cannot be asked
     * @param lastArchiveFailure barman's message of the last failed {@code wal-archive}, null if none
     */
    record InstanceState(String sessionId, String role, boolean ready, String currentLsn, String receivedLsn,
            String replayedLsn, Archiver archiver, String lastArchiveFailure) {

        public boolean primary() {
            return "primary".equals(role);
        }

        public boolean replica() {
            return "replica".equals(role);
        }
    }

    /** PostgreSQL's archiver statistics. */
    record Archiver(String lastArchivedWal, OffsetDateTime lastArchivedTime, String lastFailedWal,
            OffsetDateTime lastFailedTime) {

        /** CloudNativePG's check: archiving works when the last success is newer than the last failure. */
        public boolean working() {
            return lastArchivedTime != null && (lastFailedTime == null || lastArchivedTime.isAfter(lastFailedTime));
        }

        /** Nothing was ever archived nor failed (since the statistics were reset). */
        public boolean untried() {
            return lastArchivedTime == null && lastFailedTime == null;
        }
    }
}
