package io.cairn.controller.cluster;

import io.cairn.instance.api.BackupTimes;
import java.util.Optional;

/**
 * Talks to an instance manager: asks for its state ({@code GET http://<pod IP>:8000/pg/status}) and tells it the
 * Cluster's backup times ({@code PUT /pg/backup-times}).
 */
public interface InstanceStatusClient {

    /** The instance's report, or empty when it could not be asked in time (the reason is in the report's error). */
    InstanceReport status(String podIp);

    /**
     * Gives the instance the Cluster's backup times for its metrics.
     *
     * @return null when the instance took them, else why not
     */
    String putBackupTimes(String podIp, BackupTimes times);

    /**
     * What the operator reads from {@code /pg/status}.
     *
     * @param error why the instance could not be asked, null when it answered
     */
    record InstanceReport(String role, boolean ready, Integer timeline, String currentLsn, String receivedLsn,
            String replayedLsn, Optional<LastArchive> lastArchive, String error) {

        public static InstanceReport unreachable(String error) {
            return new InstanceReport(null, false, null, null, null, null, Optional.empty(), error);
        }
    }

    /** The last {@code cairn wal-archive} result of the instance. */
    record LastArchive(String walName, boolean success, String message) {
    }
}
