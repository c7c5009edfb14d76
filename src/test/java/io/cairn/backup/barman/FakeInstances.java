package io.cairn.backup.barman;

import io.cairn.instance.api.client.InstanceReply;
import io.cairn.backup.BackupSettings;
import io.cairn.instance.api.BackupJob;
import io.cairn.instance.api.BackupRequest;
import io.cairn.instance.api.WalSwitchResult;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Instance managers by pod IP, as a test sets them up; records what the operator asked. */
final class FakeInstances implements InstanceBackupClient {

    final Map<String, InstanceReply<InstanceState>> statuses = new HashMap<>();
    final Map<String, BackupJob> jobs = new HashMap<>();
    final List<BackupRequest> started = new ArrayList<>();
    final List<String> walSwitches = new ArrayList<>();
    InstanceReply<BackupJob> startReply;
    boolean jobsUnreachable;

    static final BackupSettings SETTINGS = new BackupSettings() {
        @Override
        public Duration pollInterval() {
            return Duration.ofSeconds(5);
        }

        @Override
        public Duration walArchiveCheckTimeout() {
            return Duration.ofMinutes(10);
        }

        @Override
        public Duration endWalArchiveTimeout() {
            return Duration.ofMinutes(5);
        }

        @Override
        public Duration instanceUnreachableTimeout() {
            return Duration.ofMinutes(2);
        }

        @Override
        public Duration requestTimeout() {
            return Duration.ofSeconds(10);
        }

        @Override
        public boolean ambientIdentities() {
            return true;
        }
    };

    static InstanceState primary(String session, Archiver archiver) {
        return new InstanceState(session, "primary", true, "0/5000000", null, null, archiver, null);
    }

    static InstanceState replica(String session, String received, String replayed) {
        return new InstanceState(session, "replica", true, null, received, replayed, null, null);
    }

    static Archiver archivedUpTo(String wal, OffsetDateTime at) {
        return new Archiver(wal, at, null, null);
    }

    FakeInstances status(String ip, InstanceState state) {
        statuses.put(ip, InstanceReply.ok(state));
        return this;
    }

    @Override
    public InstanceReply<InstanceState> status(String podIp) {
        return statuses.getOrDefault(podIp, InstanceReply.unreachable("connection refused by " + podIp));
    }

    @Override
    public InstanceReply<BackupJob> start(String podIp, BackupRequest request) {
        started.add(request);
        if (startReply != null) {
            return startReply;
        }
        BackupJob job = new BackupJob(request.backupName(), statuses.get(podIp).value().sessionId(),
                BackupJob.Phase.RUNNING, request.barmanName(), OffsetDateTime.parse("2026-11-25T10:00:01Z"), null,
                null, null, null, null, null);
        jobs.put(podIp + "/" + request.backupName(), job);
        return InstanceReply.ok(job);
    }

    @Override
    public InstanceReply<BackupJob> job(String podIp, String backupName) {
        if (jobsUnreachable || !statuses.containsKey(podIp)) {
            return InstanceReply.unreachable("connection refused by " + podIp);
        }
        BackupJob job = jobs.get(podIp + "/" + backupName);
        return job == null ? InstanceReply.refused(404, null, "no such backup") : InstanceReply.ok(job);
    }

    @Override
    public InstanceReply<WalSwitchResult> walSwitch(String podIp, boolean checkpoint) {
        walSwitches.add(podIp + (checkpoint ? " with checkpoint" : ""));
        return InstanceReply.ok(new WalSwitchResult("0/6000000", "000000010000000000000005"));
    }
}
