package io.cairn.instance.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.cairn.instance.api.ArchiveResult;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one hand-written {@link InstanceClient} of the unit tests: instance managers by pod IP, as a test sets them up
 * ({@code /pg/status}, barman jobs); one instance's snapshot endpoints (backup mode moves one phase per GET: starting
 * → started, closing → completed; a fenced PostgreSQL is stopped at the second fencing call). Records what the
 * operator asked. A pod whose status was not set is unreachable.
 */
public final class FakeInstanceClient implements InstanceClient {

    public static final String CONTROLDATA = """
            pg_control version number:            1300
            Latest checkpoint's TimeLineID:       1
            Latest checkpoint's REDO location:    0/5000028
            Latest checkpoint's REDO WAL file:    000000010000000000000005
            """;

    public final Map<String, InstanceReply<InstanceStatus>> statuses = new HashMap<>();
    public final Map<String, BackupJob> jobs = new HashMap<>();
    public final List<BackupRequest> started = new ArrayList<>();
    public final List<String> walSwitches = new ArrayList<>();
    /** The jobs cancelled, as {@code <podIp>/<backupName>}. */
    public final List<String> cancelled = new ArrayList<>();

    public final List<String> backupTimes = new ArrayList<>();
    /** The snapshot calls, in order. */
    public final List<String> calls = new ArrayList<>();

    public InstanceReply<BackupJob> startReply;
    public boolean jobsUnreachable;
    /** The pod whose instance refuses the backup times. */
    public String refusingBackupTimes;

    public BackupMode mode = BackupMode.none("s1");
    public boolean fenced;
    public boolean postgresRunning = true;
    /** The snapshot endpoints cannot be reached. */
    public boolean unreachable;

    public BackupModeStart lastStart;

    public static InstanceStatus status(
            String session,
            String role,
            boolean ready,
            String currentLsn,
            String receivedLsn,
            String replayedLsn,
            InstanceStatus.Archiver archiver,
            ArchiveResult lastFailure) {
        return new InstanceStatus(
                "pod",
                "pg",
                "ns",
                role,
                ready,
                1,
                currentLsn,
                receivedLsn,
                replayedLsn,
                null,
                archiver,
                null,
                lastFailure,
                null,
                null,
                session,
                null);
    }

    /** What the Cluster reconciler reads of a status. */
    public static InstanceStatus reported(
            String role,
            boolean ready,
            Integer timeline,
            String currentLsn,
            String receivedLsn,
            String replayedLsn,
            ArchiveResult lastArchive,
            String error) {
        return new InstanceStatus(
                "pod",
                "pg",
                "ns",
                role,
                ready,
                timeline,
                currentLsn,
                receivedLsn,
                replayedLsn,
                null,
                null,
                lastArchive,
                null,
                null,
                error,
                "s1",
                null);
    }

    public static InstanceStatus primary(String session, InstanceStatus.Archiver archiver) {
        return status(session, InstanceStatus.PRIMARY, true, "0/5000000", null, null, archiver, null);
    }

    public static InstanceStatus replica(String session, String received, String replayed) {
        return status(session, InstanceStatus.REPLICA, true, null, received, replayed, null, null);
    }

    public static InstanceStatus.Archiver archiver(
            String lastArchivedWal,
            OffsetDateTime lastArchivedTime,
            String lastFailedWal,
            OffsetDateTime lastFailedTime) {
        return new InstanceStatus.Archiver(
                0, lastArchivedWal, lastArchivedTime, 0, lastFailedWal, lastFailedTime, null);
    }

    public static InstanceStatus.Archiver archivedUpTo(String wal, OffsetDateTime at) {
        return archiver(wal, at, null, null);
    }

    public FakeInstanceClient status(String ip, InstanceStatus state) {
        statuses.put(ip, InstanceReply.ok(state));
        return this;
    }

    @Override
    public InstanceReply<InstanceStatus> status(String podIp) {
        return statuses.getOrDefault(podIp, InstanceReply.unreachable("connection refused by " + podIp));
    }

    @Override
    public InstanceReply<JsonNode> putBackupTimes(String podIp, BackupTimes times) {
        backupTimes.add(podIp + " " + times);
        return podIp.equals(refusingBackupTimes)
                ? InstanceReply.unreachable("connection refused")
                : InstanceReply.ok(NullNode.getInstance());
    }

    @Override
    public InstanceReply<BackupJob> startBackup(String podIp, BackupRequest request) {
        started.add(request);
        if (startReply != null) {
            return startReply;
        }
        BackupJob job = new BackupJob(
                request.backupName(),
                statuses.get(podIp).value().sessionId(),
                BackupJob.Phase.RUNNING,
                request.barmanName(),
                OffsetDateTime.parse("2026-11-25T10:00:01Z"),
                null,
                null,
                null,
                null,
                null,
                null);
        jobs.put(podIp + "/" + request.backupName(), job);
        return InstanceReply.ok(job);
    }

    @Override
    public InstanceReply<BackupJob> backupJob(String podIp, String backupName) {
        if (jobsUnreachable || !statuses.containsKey(podIp)) {
            return InstanceReply.unreachable("connection refused by " + podIp);
        }
        BackupJob job = jobs.get(podIp + "/" + backupName);
        return job == null ? InstanceReply.refused(404, null, "no such backup") : InstanceReply.ok(job);
    }

    @Override
    public InstanceReply<BackupJob> cancelBackup(String podIp, String backupName) {
        cancelled.add(podIp + "/" + backupName);
        return backupJob(podIp, backupName);
    }

    @Override
    public InstanceReply<WalSwitchResult> walSwitch(String podIp, boolean checkpoint) {
        walSwitches.add(podIp + (checkpoint ? " with checkpoint" : ""));
        return InstanceReply.ok(new WalSwitchResult("0/6000000", "000000010000000000000005"));
    }

    @Override
    public InstanceReply<BackupMode> backupMode(String podIp) {
        if (unreachable) {
            return InstanceReply.unreachable("connection refused");
        }
        BackupMode seen = mode;
        if (mode.phase() == BackupMode.Phase.STARTING) {
            mode = new BackupMode(
                    mode.backupName(), "s1", BackupMode.Phase.STARTED, "0/5000028", null, null, null, null);
        } else if (mode.phase() == BackupMode.Phase.CLOSING) {
            mode = new BackupMode(
                    mode.backupName(),
                    "s1",
                    BackupMode.Phase.COMPLETED,
                    "0/5000028",
                    "0/5000100",
                    "bGFiZWw=",
                    "",
                    null);
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
        mode = new BackupMode(
                mode.backupName(), "s1", BackupMode.Phase.CLOSING, mode.beginLSN(), null, null, null, null);
        return InstanceReply.ok(mode);
    }

    @Override
    public InstanceReply<BackupMode> abortBackupMode(String podIp, BackupModeStop backup) {
        calls.add("abort " + podIp + " " + backup.backupName());
        mode = new BackupMode(
                backup.backupName(),
                "s1",
                BackupMode.Phase.FAILED,
                null,
                null,
                null,
                null,
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
