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
import io.cairn.instance.api.InstancePaths;
import io.cairn.instance.api.InstanceStatus;
import io.cairn.instance.api.WalSwitchRequest;
import io.cairn.instance.api.WalSwitchResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@link InstanceClient} over {@link InstanceCalls}. */
final class HttpInstanceClient implements InstanceClient {

    private final InstanceCalls calls;

    HttpInstanceClient(InstanceCalls calls) {
        this.calls = calls;
    }

    @Override
    public InstanceReply<InstanceStatus> status(String podIp) {
        return calls.call(podIp, "GET", InstancePaths.STATUS, null, InstanceStatus.class);
    }

    @Override
    public InstanceReply<JsonNode> putBackupTimes(String podIp, BackupTimes times) {
        return calls.call(podIp, "PUT", InstancePaths.BACKUP_TIMES, times);
    }

    @Override
    public InstanceReply<BackupJob> startBackup(String podIp, BackupRequest request) {
        return calls.call(podIp, "POST", InstancePaths.BACKUPS, request, BackupJob.class);
    }

    @Override
    public InstanceReply<BackupJob> backupJob(String podIp, String backupName) {
        return calls.call(podIp, "GET", jobPath(backupName), null, BackupJob.class);
    }

    @Override
    public InstanceReply<BackupJob> cancelBackup(String podIp, String backupName) {
        return calls.call(podIp, "DELETE", jobPath(backupName), null, BackupJob.class);
    }

    private static String jobPath(String backupName) {
        return InstancePaths.BACKUPS + "/" + URLEncoder.encode(backupName, StandardCharsets.UTF_8);
    }

    @Override
    public InstanceReply<WalSwitchResult> walSwitch(String podIp, boolean checkpoint) {
        return calls.call(
                podIp, "POST", InstancePaths.WAL_SWITCH, new WalSwitchRequest(checkpoint), WalSwitchResult.class);
    }

    @Override
    public InstanceReply<BackupMode> backupMode(String podIp) {
        return calls.call(podIp, "GET", InstancePaths.BACKUP_MODE, null, BackupMode.class);
    }

    @Override
    public InstanceReply<BackupMode> startBackupMode(String podIp, BackupModeStart start) {
        return calls.call(podIp, "POST", InstancePaths.BACKUP_MODE, start, BackupMode.class);
    }

    @Override
    public InstanceReply<BackupMode> stopBackupMode(String podIp, BackupModeStop stop) {
        return calls.call(podIp, "PUT", InstancePaths.BACKUP_MODE, stop, BackupMode.class);
    }

    @Override
    public InstanceReply<BackupMode> abortBackupMode(String podIp, BackupModeStop backup) {
        return calls.call(podIp, "DELETE", InstancePaths.BACKUP_MODE, backup, BackupMode.class);
    }

    @Override
    public InstanceReply<Fencing.State> fencing(String podIp, Fencing fencing) {
        return calls.call(podIp, "PUT", InstancePaths.FENCING, fencing, Fencing.State.class);
    }

    @Override
    public InstanceReply<ControlData> controlData(String podIp) {
        return calls.call(podIp, "GET", InstancePaths.CONTROLDATA, null, ControlData.class);
    }
}
