package io.cairn.instance.api.client;

import io.cairn.instance.api.BackupMode;
import io.cairn.instance.api.BackupModeStart;
import io.cairn.instance.api.BackupModeStop;
import io.cairn.instance.api.ControlData;
import io.cairn.instance.api.Fencing;

/** The operator's typed client of the instance endpoints volume snapshot backups use ({@link io.cairn.instance.api}). */
public interface InstanceSnapshotApi {

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

    /** Over HTTP(S) with {@link InstanceCalls}. */
    static InstanceSnapshotApi over(InstanceCalls calls) {
        return new InstanceSnapshotApi() {
            @Override
            public InstanceReply<BackupMode> backupMode(String podIp) {
                return calls.call(podIp, "GET", BackupMode.PATH, null, BackupMode.class);
            }

            @Override
            public InstanceReply<BackupMode> startBackupMode(String podIp, BackupModeStart start) {
                return calls.call(podIp, "POST", BackupMode.PATH, start, BackupMode.class);
            }

            @Override
            public InstanceReply<BackupMode> stopBackupMode(String podIp, BackupModeStop stop) {
                return calls.call(podIp, "PUT", BackupMode.PATH, stop, BackupMode.class);
            }

            @Override
            public InstanceReply<BackupMode> abortBackupMode(String podIp, BackupModeStop backup) {
                return calls.call(podIp, "DELETE", BackupMode.PATH, backup, BackupMode.class);
            }

            @Override
            public InstanceReply<Fencing.State> fencing(String podIp, Fencing fencing) {
                return calls.call(podIp, "PUT", Fencing.PATH, fencing, Fencing.State.class);
            }

            @Override
            public InstanceReply<ControlData> controlData(String podIp) {
                return calls.call(podIp, "GET", ControlData.PATH, null, ControlData.class);
            }
        };
    }
}
