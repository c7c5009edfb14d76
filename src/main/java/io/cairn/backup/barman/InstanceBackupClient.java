package io.cairn.backup.barman;

import io.cairn.instance.api.client.InstanceReply;
import io.cairn.instance.api.BackupJob;
import io.cairn.instance.api.BackupRequest;
import io.cairn.instance.api.WalSwitchResult;
import java.time.OffsetDateTime;

/**
 * The operator's side of the instance API for backups ({@code http://<pod IP>:8000}, see
 * {@link io.cairn.instance.api}). Every call answers within a timeout and never throws for a pod that is down: the
 * {@link InstanceReply} says what happened.
 */
public interface InstanceBackupClient {

    /** {@code GET /pg/status}. */
    InstanceReply<InstanceState> status(String podIp);

    /** {@code POST /pg/backups}: 202/200 the job; 409 {@code ANOTHER_BACKUP_IN_PROGRESS}; 400 a message. */
    InstanceReply<BackupJob> start(String podIp, BackupRequest request);

    /** {@code GET /pg/backups/<backupName>}: the job, or 404 when this session never ran it. */
    InstanceReply<BackupJob> job(String podIp, String backupName);

    /** {@code POST /pg/wal-switch}: on a primary, (CHECKPOINT and) pg_switch_wal(). */
    InstanceReply<WalSwitchResult> walSwitch(String podIp, boolean checkpoint);

    /** The error code of a 409 from {@code POST /pg/backups} while another backup runs. */
    String ANOTHER_BACKUP_IN_PROGRESS = "ANOTHER_BACKUP_IN_PROGRESS";

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
