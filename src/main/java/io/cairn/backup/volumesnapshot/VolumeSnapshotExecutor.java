package io.cairn.backup.volumesnapshot;

import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.InstanceID;
import io.cairn.backup.BackupMethodExecutor;
import io.cairn.backup.BackupRun;
import io.cairn.backup.BackupSettings;
import io.cairn.backup.BackupStatusDraft;
import io.cairn.backup.BackupStep;
import io.cairn.backup.BackupStep.Notice;
import io.cairn.backup.barman.InstancePods;
import io.cairn.backup.barman.TargetElection;
import io.cairn.instance.api.BackupMode;
import io.cairn.instance.api.BackupModeStart;
import io.cairn.instance.api.BackupModeStop;
import io.cairn.instance.api.ControlData;
import io.cairn.instance.api.Fencing;
import io.cairn.instance.api.client.InstanceClient;
import io.cairn.instance.api.client.InstanceReply;
import io.cairn.support.OwnerReferences;
import io.fabric8.kubernetes.api.model.Pod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Kubernetes VolumeSnapshots of the elected instance's claims, driven by the operator (CloudNativePG's
 * operator-managed method, spec 2.7). One step per reconcile; each looks at the world first (the Backup's status,
 * the snapshots labelled with the Backup's name, the Cluster's fencing annotation, the instance's backup mode), so a
 * restarted operator resumes where the last one stopped and never makes a snapshot twice:
 *
 * <ol>
 *   <li>new/pending: elect the target ({@link TargetElection}); record it, hot or cold, as {@code started}.</li>
 *   <li>started, some claim without its snapshot: hot ⇒ backup mode on the instance ({@code pg_backup_start});
 *       cold ⇒ fence the instance (annotation, then PostgreSQL stopped). Then {@code pg_controldata}, and one
 *       VolumeSnapshot per missing claim ({@link SnapshotObjects}).</li>
 *   <li>started, every snapshot provisioned: hot ⇒ {@code pg_backup_stop}; cold ⇒ unfence. Then
 *       {@code finalizing}, with the WAL, LSNs and backup_label.</li>
 *   <li>finalizing, every snapshot ready to use: annotate them with the backup's times and files;
 *       {@code completed}.</li>
 * </ol>
 *
 * <p>A snapshot error lasting longer than the deadline, or a snapshot not provisioned (or not ready) within it,
 * fails the backup. Whatever fails it, {@link #release} unfences the instance, abandons backup mode (its session
 * closed, its temporary slot dropped) and gives every snapshot of the backup without an owner the Backup as owner.
 */
@ApplicationScoped
public class VolumeSnapshotExecutor implements BackupMethodExecutor {

    public static final String STARTING = "Starting";
    public static final String FENCE_POD = "FencePod";
    public static final String UNFENCE_POD = "UnfencePod";
    public static final String CREATE_SNAPSHOT = "CreateSnapshot";
    public static final String WAITING = "WaitingForSnapshot";
    public static final String BACKUP_MODE = "BackupMode";
    public static final String SNAPSHOT_ERROR = "SnapshotError";
    public static final String ERROR = "Error";
    private static final Logger LOG = Logger.getLogger(VolumeSnapshotExecutor.class);

    private final InstanceClient instances;
    private final SnapshotResources resources;
    private final Duration poll;

    @Inject
    public VolumeSnapshotExecutor(InstanceClient instances, SnapshotResources resources, BackupSettings settings) {
        this(instances, resources, settings.pollInterval());
    }

    public VolumeSnapshotExecutor(InstanceClient instances, SnapshotResources resources, Duration poll) {
        this.instances = instances;
        this.resources = resources;
        this.poll = poll;
    }

    @Override
    public BackupMethod method() {
        return BackupMethod.VOLUME_SNAPSHOT;
    }

    @Override
    public Runner runner() {
        return Runner.OPERATOR;
    }

    @Override
    public BackupStep step(BackupRun run) {
        BackupStatus status = status(run);
        BackupPhase phase = status.phase() == null ? BackupPhase.NEW : status.phase();
        try {
            return switch (phase) {
                case STARTED ->
                    status.instanceID() == null
                            ? failed(run, "the backup is started but no instance " + "was recorded for it")
                            : new Target(run).take();
                case FINALIZING -> new Target(run).awaitReady();
                default -> elect(run);
            };
        } catch (RuntimeException e) {
            LOG.warnf(
                    e,
                    "snapshot backup %s/%s failed",
                    run.backup().getMetadata().getNamespace(),
                    run.backup().getMetadata().getName());
            return failed(run, e.getMessage());
        }
    }

    private BackupStep elect(BackupRun run) {
        Optional<TargetElection.Elected> elected = TargetElection.elect(run, instances);
        if (elected.isEmpty()) {
            return TargetElection.noTarget(run);
        }
        boolean online = SnapshotBackupSettings.online(run.backup(), run.cluster());
        String name = run.backup().getMetadata().getName();
        TargetElection.Elected target = elected.get();
        BackupStatus started = BackupStatusDraft.from(status(run))
                .phase(BackupPhase.STARTED)
                .error(null)
                .instanceID(new InstanceID(
                        target.podName(),
                        InstancePods.containerId(target.pod()),
                        target.state().sessionId()))
                .method(BackupMethod.VOLUME_SNAPSHOT)
                .online(online)
                .backupId(name)
                .backupName(name)
                .reconciliationStartedAt(run.now())
                .startedAt(run.now())
                .reconciliationTerminatedAt(null)
                .build();
        return new BackupStep.Advance(
                started,
                Notice.normal(
                        STARTING,
                        "Starting " + (online ? "hot" : "cold")
                                + " snapshot backup for cluster "
                                + run.cluster().getMetadata().getName() + " on "
                                + (target.primary() ? "the primary " : "standby ") + target.podName()),
                Duration.ZERO);
    }

    @Override
    public void release(BackupRun run) {
        BackupStatus status = status(run);
        if (status.instanceID() == null || status.method() != BackupMethod.VOLUME_SNAPSHOT) {
            return;
        }
        String podName = status.instanceID().podName();
        Optional<String> ip = InstancePods.named(run.pods(), podName).map(InstancePods::ip);
        String namespace = run.backup().getMetadata().getNamespace();
        String name = run.backup().getMetadata().getName();
        try {
            if (Boolean.FALSE.equals(status.online())) {
                ip.ifPresent(address -> instances.fencing(address, new Fencing(false)));
                FencedInstances fenced = resources.fencedInstances(run.cluster());
                if (fenced.names().contains(podName)) {
                    resources.fence(run.cluster(), fenced.without(podName));
                }
            } else {
                ip.ifPresent(address -> instances.abortBackupMode(address, new BackupModeStop(name)));
            }
        } catch (RuntimeException e) {
            LOG.warnf(
                    "could not release instance %s after snapshot backup %s/%s: %s",
                    podName, namespace, name, e.getMessage());
        }
        try {
            for (SnapshotState snapshot : resources.snapshotsOf(namespace, name)) {
                if (!snapshot.owned()) {
                    resources.adopt(namespace, snapshot.name(), OwnerReferences.controller(run.backup()));
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not give the snapshots of backup %s/%s an owner: %s", namespace, name, e.getMessage());
        }
    }

    /** The steps of a started backup on its recorded instance. */
    private final class Target {

        private final BackupRun run;
        private final BackupStatus status;
        private final String backupName;
        private final String namespace;
        private final String podName;
        private final SnapshotBackupSettings settings;

        Target(BackupRun run) {
            this.run = run;
            this.status = status(run);
            this.backupName = run.backup().getMetadata().getName();
            this.namespace = run.backup().getMetadata().getNamespace();
            this.podName = status.instanceID().podName();
            this.settings = SnapshotBackupSettings.of(run.backup(), run.cluster());
        }

        private boolean online() {
            return !Boolean.FALSE.equals(status.online());
        }

        // ---- started: prepare, snapshot, end the window

        BackupStep take() {
            Optional<Pod> pod = InstancePods.named(run.pods(), podName);
            String containerId = pod.map(InstancePods::containerId).orElse(null);
            if (pod.isEmpty()
                    || (status.instanceID().containerID() != null
                            && containerId != null
                            && !status.instanceID().containerID().equals(containerId))) {
                return failed(run, "the target pod " + podName + " was deleted or restarted during the backup");
            }
            String ip = InstancePods.ip(pod.get());
            if (ip == null) {
                return unreachable("pod " + podName + " has no IP");
            }
            List<SnapshotState> snapshots = resources.snapshotsOf(namespace, backupName);
            List<InstanceClaim> claims = resources.claims(namespace, podName);
            if (claims.isEmpty()) {
                return failed(run, "no PersistentVolumeClaim of instance " + podName + " to snapshot");
            }
            Set<String> taken = snapshots.stream().map(SnapshotState::name).collect(Collectors.toSet());
            List<InstanceClaim> missing = claims.stream()
                    .filter(claim ->
                            !taken.contains(SnapshotObjects.name(backupName, claim.role(), claim.tablespaceName())))
                    .toList();
            if (!missing.isEmpty()) {
                if (snapshots.isEmpty()) {
                    Optional<BackupStep> notReady = online() ? enterBackupMode(ip) : fence(ip);
                    if (notReady.isPresent()) {
                        return notReady.get();
                    }
                }
                return create(ip, claims, missing);
            }
            Optional<BackupStep> problem = errorOrDeadline(snapshots, false);
            if (problem.isPresent()) {
                return problem.get();
            }
            markProvisioned(snapshots);
            return online() ? leaveBackupMode(ip, snapshots) : unfence(ip, snapshots);
        }

        private Optional<BackupStep> enterBackupMode(String ip) {
            InstanceReply<BackupMode> reply = instances.backupMode(ip);
            if (!reply.succeeded()) {
                return Optional.of(unreachable(reply.error()));
            }
            BackupMode mode = reply.value();
            if (!mode.isFor(backupName) || mode.phase() == null) {
                InstanceReply<BackupMode> started = instances.startBackupMode(
                        ip, new BackupModeStart(backupName, settings.immediateCheckpoint(), settings.waitForArchive()));
                if (!started.succeeded()) {
                    return Optional.of(
                            started.unreachable()
                                    ? unreachable(started.error())
                                    : failed(
                                            run,
                                            "the instance manager of pod " + podName + " refused to start backup mode: "
                                                    + started.error()));
                }
                return Optional.of(waiting(BACKUP_MODE, "pg_backup_start runs on pod " + podName));
            }
            return switch (mode.phase()) {
                case STARTING -> Optional.of(waiting(BACKUP_MODE, "pg_backup_start runs on pod " + podName));
                case STARTED -> Optional.empty();
                case FAILED -> Optional.of(failed(run, mode.error()));
                case CLOSING, COMPLETED ->
                    Optional.of(failed(
                            run, "backup mode on pod " + podName + " ended before the volumes were snapshotted"));
            };
        }

        private Optional<BackupStep> fence(String ip) {
            FencedInstances fenced = resources.fencedInstances(run.cluster());
            if (fenced.fencesOtherThan(podName)) {
                return Optional.of(
                        failed(run, "cannot execute volume snapshot on a cluster that has fenced instances"));
            }
            if (!fenced.fences(podName)) {
                resources.fence(run.cluster(), fenced.with(podName));
                return Optional.of(new BackupStep.Advance(
                        status,
                        Notice.normal(FENCE_POD, "Fencing pod " + podName + " for a cold snapshot backup"),
                        Duration.ZERO));
            }
            InstanceReply<Fencing.State> state = instances.fencing(ip, new Fencing(true));
            if (!state.succeeded()) {
                return Optional.of(unreachable(state.error()));
            }
            if (state.value().postgresRunning()) {
                return Optional.of(
                        waiting(FENCE_POD, "waiting for PostgreSQL on the fenced pod " + podName + " to stop"));
            }
            return Optional.empty();
        }

        private BackupStep create(String ip, List<InstanceClaim> claims, List<InstanceClaim> missing) {
            InstanceReply<ControlData> controlData = instances.controlData(ip);
            if (!controlData.succeeded()) {
                return unreachable(controlData.error());
            }
            for (InstanceClaim claim : missing) {
                resources.create(SnapshotObjects.snapshot(
                        run.backup(),
                        run.cluster(),
                        claim,
                        settings,
                        controlData.value(),
                        status.majorVersion(),
                        run.now()));
            }
            BackupStatus recorded = BackupStatusDraft.from(status)
                    .snapshotBackupStatus(SnapshotElements.of(backupName, claims))
                    .build();
            return new BackupStep.Advance(
                    recorded,
                    Notice.normal(
                            CREATE_SNAPSHOT,
                            "Created VolumeSnapshot(s) "
                                    + missing.stream()
                                            .map(claim -> SnapshotObjects.name(
                                                            backupName, claim.role(), claim.tablespaceName())
                                                    + " of " + claim.name())
                                            .collect(Collectors.joining(", "))),
                    poll);
        }

        /** CloudNativePG's snapshotStartTime / snapshotEndTime, once each snapshot is provisioned. */
        private void markProvisioned(List<SnapshotState> snapshots) {
            for (SnapshotState snapshot : snapshots) {
                if (snapshot.annotation(SnapshotObjects.SNAPSHOT_END_TIME).isEmpty()) {
                    resources.annotate(
                            namespace,
                            snapshot.name(),
                            Map.of(
                                    SnapshotObjects.SNAPSHOT_START_TIME,
                                            snapshot.creationTime().toString(),
                                    SnapshotObjects.SNAPSHOT_END_TIME, run.now().toString()));
                }
            }
        }

        private BackupStep leaveBackupMode(String ip, List<SnapshotState> snapshots) {
            InstanceReply<BackupMode> reply = instances.backupMode(ip);
            if (!reply.succeeded()) {
                return unreachable(reply.error());
            }
            BackupMode mode = reply.value();
            if (!mode.isFor(backupName) || mode.phase() == null) {
                return failed(
                        run,
                        "the instance manager of pod " + podName + " no longer holds the backup mode of "
                                + "this backup (was it restarted?)");
            }
            switch (mode.phase()) {
                case STARTED:
                    InstanceReply<BackupMode> stop = instances.stopBackupMode(ip, new BackupModeStop(backupName));
                    if (!stop.succeeded()) {
                        return stop.unreachable() ? unreachable(stop.error()) : failed(run, stop.error());
                    }
                    return waiting(BACKUP_MODE, "pg_backup_stop runs on pod " + podName);
                case CLOSING:
                    return waiting(BACKUP_MODE, "pg_backup_stop runs on pod " + podName);
                case COMPLETED:
                    return finalizing(
                            snapshots,
                            BackupStatusDraft.from(status)
                                    .beginLSN(mode.beginLSN())
                                    .endLSN(mode.endLSN())
                                    .backupLabelFile(mode.backupLabelFile())
                                    .tablespaceMapFile(blankToNull(mode.tablespaceMapFile())),
                            Notice.quiet(
                                    WAITING,
                                    "backup mode ended on pod " + podName
                                            + "; waiting for the snapshots to be ready to use"));
                default:
                    return failed(
                            run,
                            mode.error() != null
                                    ? mode.error()
                                    : "backup mode on pod " + podName + " is " + mode.phase());
            }
        }

        private BackupStep unfence(String ip, List<SnapshotState> snapshots) {
            InstanceReply<Fencing.State> state = instances.fencing(ip, new Fencing(false));
            if (!state.succeeded()) {
                return unreachable(state.error());
            }
            FencedInstances fenced = resources.fencedInstances(run.cluster());
            if (fenced.names().contains(podName)) {
                resources.fence(run.cluster(), fenced.without(podName));
            }
            String lsn = dataSnapshot(snapshots)
                    .flatMap(s -> s.annotation(SnapshotObjects.CONTROLDATA_ANNOTATION))
                    .flatMap(output -> new ControlData(output).value(ControlData.REDO_LOCATION))
                    .orElse(null);
            return finalizing(
                    snapshots,
                    BackupStatusDraft.from(status).beginLSN(lsn).endLSN(lsn),
                    Notice.normal(UNFENCE_POD, "Unfenced pod " + podName + ": its volumes are snapshotted"));
        }

        private BackupStep finalizing(List<SnapshotState> snapshots, BackupStatusDraft draft, Notice notice) {
            Optional<SnapshotState> data = dataSnapshot(snapshots);
            return new BackupStep.Advance(
                    draft.phase(BackupPhase.FINALIZING)
                            .error(null)
                            .online(online())
                            .snapshotBackupStatus(SnapshotElements.of(snapshots))
                            .beginWal(data.flatMap(s -> s.annotation(SnapshotObjects.START_WAL_ANNOTATION))
                                    .orElse(null))
                            .endWal(data.flatMap(s -> s.annotation(SnapshotObjects.END_WAL_ANNOTATION))
                                    .orElse(null))
                            .build(),
                    notice,
                    poll);
        }

        // ---- finalizing: wait until the snapshots can be used

        BackupStep awaitReady() {
            if (!online()) {
                FencedInstances fenced = resources.fencedInstances(run.cluster());
                if (fenced.names().contains(podName)) {
                    InstancePods.named(run.pods(), podName)
                            .map(InstancePods::ip)
                            .ifPresent(ip -> instances.fencing(ip, new Fencing(false)));
                    resources.fence(run.cluster(), fenced.without(podName));
                }
            }
            List<SnapshotState> snapshots = resources.snapshotsOf(namespace, backupName);
            if (snapshots.isEmpty()) {
                return failed(run, "the VolumeSnapshots of the backup are gone");
            }
            Optional<BackupStep> problem = errorOrDeadline(snapshots, true);
            if (problem.isPresent()) {
                return problem.get();
            }
            Map<String, String> annotations = new HashMap<>();
            annotations.put(
                    SnapshotObjects.BACKUP_START_TIME, status.startedAt().toString());
            annotations.put(SnapshotObjects.BACKUP_END_TIME, run.now().toString());
            if (status.backupLabelFile() != null) {
                annotations.put(SnapshotObjects.BACKUP_LABEL_FILE, status.backupLabelFile());
            }
            if (status.tablespaceMapFile() != null) {
                annotations.put(SnapshotObjects.TABLESPACE_MAP_FILE, status.tablespaceMapFile());
            }
            for (SnapshotState snapshot : snapshots) {
                resources.annotate(namespace, snapshot.name(), annotations);
            }
            BackupStatus done = BackupStatusDraft.from(status)
                    .phase(BackupPhase.COMPLETED)
                    .stoppedAt(run.now())
                    .build();
            return new BackupStep.Completed(
                    done,
                    Optional.empty(),
                    Optional.of(SnapshotElements.window(
                            resources.dataSnapshotsOf(
                                    namespace, run.cluster().getMetadata().getName()),
                            run.now())));
        }

        // ---- errors and the deadline

        /**
         * A snapshot error lasting past the deadline (first seen recorded in {@code pluginMetadata}, as
         * CloudNativePG), or a snapshot not provisioned ({@code ready}: not ready to use) within the deadline.
         */
        private Optional<BackupStep> errorOrDeadline(List<SnapshotState> snapshots, boolean ready) {
            Optional<SnapshotState> broken =
                    snapshots.stream().filter(s -> s.error() != null).findFirst();
            if (broken.isPresent()) {
                Instant first =
                        SnapshotDeadline.firstFailure(status.pluginMetadata()).orElse(run.now());
                if (SnapshotDeadline.exceeded(first, settings.deadline(), run.now())) {
                    return Optional.of(failed(
                            run, "deadline exceeded for error " + broken.get().error()));
                }
                return Optional.of(new BackupStep.Advance(
                        BackupStatusDraft.from(status)
                                .pluginMetadata(SnapshotDeadline.withFirstFailure(status.pluginMetadata(), first))
                                .build(),
                        Notice.warning(
                                SNAPSHOT_ERROR,
                                "VolumeSnapshot " + broken.get().name() + " reports an error, " + "retrying until "
                                        + first.plus(settings.deadline()) + ": "
                                        + broken.get().error()),
                        poll));
            }
            Optional<SnapshotState> pending = snapshots.stream()
                    .filter(s -> ready ? !s.readyToUse() : !s.provisioned())
                    .findFirst();
            if (pending.isEmpty()) {
                return Optional.empty();
            }
            Instant since = ready
                    ? pending.get()
                            .annotation(SnapshotObjects.SNAPSHOT_END_TIME)
                            .map(Instant::parse)
                            .orElse(pending.get().createdAt())
                    : pending.get().createdAt();
            String what = ready ? "ready to use" : "provisioned";
            if (since != null && SnapshotDeadline.exceeded(since, settings.deadline(), run.now())) {
                return Optional.of(failed(
                        run,
                        "deadline exceeded waiting for VolumeSnapshot "
                                + pending.get().name() + " to be " + what));
            }
            return Optional.of(waiting(
                    WAITING, "waiting for VolumeSnapshot " + pending.get().name() + " to be " + what));
        }

        private BackupStep waiting(String reason, String message) {
            return new BackupStep.Advance(status, Notice.quiet(reason, message), poll);
        }

        /** The instance did not answer: wait, within the deadline counted from the start of the backup. */
        private BackupStep unreachable(String error) {
            Instant started = status.reconciliationStartedAt() != null ? status.reconciliationStartedAt() : run.now();
            if (SnapshotDeadline.exceeded(started, settings.deadline(), run.now())) {
                return failed(
                        run,
                        "deadline exceeded: the instance manager of pod " + podName + " does not answer: " + error);
            }
            return waiting(WAITING, "the instance manager of pod " + podName + " does not answer: " + error);
        }
    }

    private static Optional<SnapshotState> dataSnapshot(List<SnapshotState> snapshots) {
        return snapshots.stream().filter(s -> s.role() == SnapshotRole.PG_DATA).findFirst();
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** CloudNativePG: any error of the snapshot reconciler fails the backup with this prefix, Event {@code Error}. */
    private static BackupStep failed(BackupRun run, String message) {
        return new BackupStep.Failed(ERROR, "can't execute snapshot backup: " + message, status(run), Optional.empty());
    }

    private static BackupStatus status(BackupRun run) {
        return run.backup().getStatus() == null
                ? BackupStatus.EMPTY
                : run.backup().getStatus();
    }
}
