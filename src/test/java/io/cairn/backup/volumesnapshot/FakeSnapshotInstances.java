package io.cairn.backup.volumesnapshot;

import io.cairn.instance.api.BackupMode;
import io.cairn.instance.api.BackupModeStart;
import io.cairn.instance.api.BackupModeStop;
import io.cairn.instance.api.ControlData;
import io.cairn.instance.api.Fencing;
import io.cairn.instance.api.client.InstanceReply;
import io.cairn.instance.api.client.InstanceSnapshotApi;
import java.util.ArrayList;
import java.util.List;

/**
 * One instance manager's snapshot endpoints, as a test sets them up: backup mode moves one phase per GET (starting →
 * started, closing → completed), a fenced PostgreSQL is stopped at the second fencing call. Records the calls.
 */
final class FakeSnapshotInstances implements InstanceSnapshotApi {

    static final String CONTROLDATA = """
            pg_control version number:            1300
            Latest checkpoint's TimeLineID:       1
            Latest checkpoint's REDO location:    0/5000028
            Latest checkpoint's REDO WAL file:    000000010000000000000005
            """;

    final List<String> calls = new ArrayList<>();
    BackupMode mode = BackupMode.none("s1");
    boolean fenced;
    boolean postgresRunning = true;
    boolean unreachable;
    BackupModeStart lastStart;

    @Override
    public InstanceReply<BackupMode> backupMode(String podIp) {
        if (unreachable) {
            return InstanceReply.unreachable("connection refused");
        }
        BackupMode seen = mode;
        if (mode.phase() == BackupMode.Phase.STARTING) {
            mode = new BackupMode(mode.backupName(), "s1", BackupMode.Phase.STARTED, "0/5000028", null, null, null,
                    null);
        } else if (mode.phase() == BackupMode.Phase.CLOSING) {
            mode = new BackupMode(mode.backupName(), "s1", BackupMode.Phase.COMPLETED, "0/5000028", "0/5000100",
                    "bGFiZWw=", "", null);
        }
        return InstanceReply.ok(seen);
    }

    @Override
    public InstanceReply<BackupMode> startBackupMode(String podIp, BackupModeStart start) {
        calls.add("start " + podIp + " " + start.backupName());
        lastStart = start;
        mode = new BackupMode(start.backupName(), "s1", BackupMode.Phase.STARTING, null, null, null, null, null);
        return InstanceReply.ok(mode);
    }

    @Override
    public InstanceReply<BackupMode> stopBackupMode(String podIp, BackupModeStop stop) {
        calls.add("stop " + podIp + " " + stop.backupName());
        mode = new BackupMode(mode.backupName(), "s1", BackupMode.Phase.CLOSING, mode.beginLSN(), null, null, null,
                null);
        return InstanceReply.ok(mode);
    }

    @Override
    public InstanceReply<BackupMode> abortBackupMode(String podIp, BackupModeStop backup) {
        calls.add("abort " + podIp + " " + backup.backupName());
        mode = new BackupMode(backup.backupName(), "s1", BackupMode.Phase.FAILED, null, null, null, null,
                "abandoned by the operator");
        return InstanceReply.ok(mode);
    }

    @Override
    public InstanceReply<Fencing.State> fencing(String podIp, Fencing fencing) {
        if (unreachable) {
            return InstanceReply.unreachable("connection refused");
        }
        calls.add((fencing.fenced() ? "fence " : "unfence ") + podIp);
        boolean stopNow = fenced && fencing.fenced();
        fenced = fencing.fenced();
        postgresRunning = !fenced || !stopNow;
        return InstanceReply.ok(new Fencing.State(fenced, postgresRunning));
    }

    @Override
    public InstanceReply<ControlData> controlData(String podIp) {
        calls.add("controldata " + podIp);
        return InstanceReply.ok(new ControlData(CONTROLDATA));
    }
}
