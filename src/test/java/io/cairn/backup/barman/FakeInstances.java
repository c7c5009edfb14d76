package io.cairn.backup.barman;

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

    final Map<String, Reply<InstanceState>> statuses = new HashMap<>();
    final Map<String, BackupJob> jobs = new HashMap<>();
    final List<BackupRequest> started = new ArrayList<>();
    final List<String> walSwitches = new ArrayList<>();
    Reply<BackupJob> startReply;
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
        statuses.put(ip, Reply.ok(state));
        return this;
    }

    @Override
    public Reply<InstanceState> status(String podIp) {
        return statuses.getOrDefault(podIp, Reply.unreachable("connection refused by " + podIp));
    }

    @Override
    public Reply<BackupJob> start(String podIp, BackupRequest request) {
        started.add(request);
        if (startReply != null) {
            return startReply;
        }
        BackupJob job = new BackupJob(request.backupName(), statuses.get(podIp).value().sessionId(),
                BackupJob.Phase.RUNNING, request.barmanName(), OffsetDateTime.parse("2026-11-25T10:00:01Z"), null,
                null, null, null, null, null);
        jobs.put(podIp + "/" + request.backupName(), job);
        return Reply.ok(job);
    }

    @Override
    public Reply<BackupJob> job(String podIp, String backupName) {
        if (jobsUnreachable || !statuses.containsKey(podIp)) {
            return Reply.unreachable("connection refused by " + podIp);
        }
        BackupJob job = jobs.get(podIp + "/" + backupName);
        return job == null ? Reply.refused(404, null, "no such backup") : Reply.ok(job);
    }

    @Override
    public Reply<WalSwitchResult> walSwitch(String podIp, boolean checkpoint) {
        walSwitches.add(podIp + (checkpoint ? " with checkpoint" : ""));
        return Reply.ok(new WalSwitchResult("0/6000000", "000000010000000000000005"));
    }
}
