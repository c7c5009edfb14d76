package io.cairn.instance.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.instance.api.BackupJob;
import io.cairn.instance.api.BackupMode;
import io.cairn.instance.api.BackupModeStart;
import io.cairn.instance.api.BackupModeStop;
import io.cairn.instance.api.BackupRequest;
import io.cairn.instance.api.BackupTimes;
import io.cairn.instance.api.ControlData;
import io.cairn.instance.api.Fencing;
import io.cairn.instance.api.InstanceStatus;
import io.cairn.instance.api.WalSwitchResult;

/**
 * The operator's typed client of the instance API ({@link io.cairn.instance.api}, paths in
 * {@link io.cairn.instance.api.InstancePaths}). Every call answers within its timeout and never throws for a pod that
 * is down or refuses: the {@link InstanceReply} says what happened.
 */
public interface InstanceClient {

    /** {@code GET /pg/status}. */
    InstanceReply<InstanceStatus> status(String podIp);

    /** {@code PUT /pg/backup-times}: the Cluster's backup times, for the instance's metrics; 204 (a JSON null). */
    InstanceReply<JsonNode> putBackupTimes(String podIp, BackupTimes times);

    /** {@code POST /pg/backups}: 202/200 the job; 409 {@code ANOTHER_BACKUP_IN_PROGRESS}; 400 a message. */
    InstanceReply<BackupJob> startBackup(String podIp, BackupRequest request);

    /** {@code GET /pg/backups/<backupName>}: the job, or 404 when this session never ran it. */
    InstanceReply<BackupJob> backupJob(String podIp, String backupName);

    /**
     * {@code DELETE /pg/backups/<backupName>}: stops the job's barman-cloud-backup (the job then ends failed); the
     * job as it stands, or 404 when this session never ran it.
     */
    InstanceReply<BackupJob> cancelBackup(String podIp, String backupName);

    /** {@code POST /pg/wal-switch}: on a primary, (CHECKPOINT and) pg_switch_wal(). */
    InstanceReply<WalSwitchResult> walSwitch(String podIp, boolean checkpoint);

    /** {@code GET /pg/backup-mode}. */
    InstanceReply<BackupMode> backupMode(String podIp);

    /** {@code POST /pg/backup-mode}: starts backup mode (idempotent per backup name). */
    InstanceReply<BackupMode> startBackupMode(String podIp, BackupModeStart start);

    /** {@code PUT /pg/backup-mode}: stops backup mode; 400/422 with CloudNativePG's codes when it cannot. */
    InstanceReply<BackupMode> stopBackupMode(String podIp, BackupModeStop stop);

    /** {@code DELETE /pg/backup-mode}: abandons the named backup, closing its session (and so its slot). */
    InstanceReply<BackupMode> abortBackupMode(String podIp, BackupModeStop backup);

    /** {@code PUT /pg/fencing}. */
    InstanceReply<Fencing.State> fencing(String podIp, Fencing fencing);

    /** {@code GET /pg/controldata}. */
    InstanceReply<ControlData> controlData(String podIp);

    /** Over HTTP(S) with {@link InstanceCalls} (its endpoints and timeout). */
    static InstanceClient over(InstanceCalls calls) {
        return new HttpInstanceClient(calls);
    }
}
