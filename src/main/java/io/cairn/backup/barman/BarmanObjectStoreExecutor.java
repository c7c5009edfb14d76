package io.cairn.backup.barman;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupAttempts;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ConditionTypes;
import io.cairn.api.v1.InstanceID;
import io.cairn.backup.BackupMethodExecutor;
import io.cairn.backup.BackupRetries;
import io.cairn.backup.BackupRun;
import io.cairn.backup.BackupSettings;
import io.cairn.backup.BackupStatusDraft;
import io.cairn.backup.BackupStep;
import io.cairn.backup.BackupStep.Notice;
import io.cairn.backup.FailureKind;
import io.cairn.instance.api.BackupJob;
import io.cairn.instance.api.BackupRequest;
import io.cairn.instance.api.BarmanBackupInfo;
import io.cairn.instance.api.InstanceStatus;
import io.cairn.instance.api.client.InstanceClient;
import io.cairn.instance.api.client.InstanceReply;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * barman-cloud-backup to the cluster's object store, run by the instance manager of the elected pod and driven by
 * the operator, which polls the instance (the instance manager never talks to the Kubernetes API). One step per
 * reconcile, by phase:
 *
 * <ol>
 *   <li>new/pending: elect the target ({@link BackupTargetSelector}); none ⇒ pending, Warning {@code FindingPod},
 *       again in 30 s. Elected ⇒ {@code started} with the pod, its postgres container ID, the instance manager's
 *       session and barman's name {@code backup-<YYYYMMDDhhmmss>}, recorded before anything is asked of it.</li>
 *   <li>started/walArchivingFailing/running: the instance must still be the one recorded (pod, container, session)
 *       and answer within {@code cairn.backup.instance-unreachable-timeout}. No job yet ⇒ WAL archiving must work on
 *       the primary ({@link WalArchiveCheck}), then {@code POST /pg/backups}. A job ⇒ {@code running},
 *       {@code failed} with barman's message, or its result.</li>
 *   <li>A result from a standby is {@code finalizing} until the primary has archived its end WAL file
 *       ({@link EndWalArchive}); then {@code completed}.</li>
 * </ol>
 *
 * An attempt that fails for a transient reason (barman's message says the object store was away or overloaded,
 * {@link BarmanFailures}; the instance manager restarted; the instance did not answer) goes back to {@code pending}
 * and is elected again after a back-off, as {@link BackupRetries} decides; the attempts are counted in
 * {@code status.attempts} and each attempt's job on the instance has its own name ({@link #jobName}). A Backup failed
 * by the reconciler (its deadline) has its running job cancelled ({@link #release}).
 */
@ApplicationScoped
public class BarmanObjectStoreExecutor implements BackupMethodExecutor {

    public static final Duration TARGET_RETRY = TargetElection.TARGET_RETRY;
    public static final Duration ANOTHER_BACKUP_RETRY = Duration.ofSeconds(5);
    public static final String FINDING_POD = TargetElection.FINDING_POD;
    public static final String STARTING = "Starting";
    public static final String RUNNING = "BackupRunning";
    public static final String WAL_SWITCH_REQUESTED = "WalSwitchRequested";
    public static final String WAL_ARCHIVING_FAILING = "WalArchivingFailing";
    public static final String WAITING_FOR_PRIMARY = "WaitingForPrimary";
    public static final String ANOTHER_BACKUP_IN_PROGRESS = "AnotherBackupInProgress";
    public static final String WAITING_FOR_END_WAL = "WaitingForEndWalArchive";
    public static final String END_WAL_NOT_ARCHIVED = "EndWalNotArchived";
    public static final String INSTANCE_MANAGER_RESTARTED = "InstanceManagerRestarted";
    public static final String INSTANCE_UNREACHABLE = "InstanceUnreachable";
    public static final String REQUEST_REFUSED = "BackupRequestRefused";
    public static final String FAILED = "Failed";
    public static final String RETRY_SCHEDULED = "RetryScheduled";
    /** Separates a Backup's name from the attempt number in the instance's job name (no Kubernetes name has it). */
    static final String ATTEMPT_SEPARATOR = ":attempt-";

    private static final DateTimeFormatter BARMAN_NAME =
            DateTimeFormatter.ofPattern("'backup-'yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final InstanceClient instances;
    private final BackupSettings settings;
    private final WalArchiveCheck walArchive;
    private final EndWalArchive endWal;
    /**
     * Since when the instance of a backup (by Backup UID) has not answered. Kept in memory only: an operator restart
     * starts the bound again, which delays a failure but never loses a backup.
     */
    private final Map<String, Instant> unreachableSince = new ConcurrentHashMap<>();

    @Inject
    public BarmanObjectStoreExecutor(InstanceClient instances, BackupSettings settings) {
        this.instances = instances;
        this.settings = settings;
        this.walArchive = new WalArchiveCheck(instances, settings);
        this.endWal = new EndWalArchive(instances, settings);
    }

    @Override
    public BackupMethod method() {
        return BackupMethod.BARMAN_OBJECT_STORE;
    }

    @Override
    public Runner runner() {
        return Runner.INSTANCE;
    }

    @Override
    public BackupStep step(BackupRun run) {
        BackupStatus status = status(run.backup());
        BackupPhase phase = status.phase() == null ? BackupPhase.NEW : status.phase();
        return switch (phase) {
            case STARTED, RUNNING, WAL_ARCHIVING_FAILING ->
                status.instanceID() == null
                        ? unreachable(
                                run,
                                FailureKind.PERMANENT,
                                "the backup is " + phase.value() + " but no instance was recorded for it, so "
                                        + "it cannot be followed")
                        : drive(run);
            case FINALIZING -> endWal.await(run);
            default -> elect(run);
        };
    }

    // ---- new / pending: elect the target and record the intent

    private BackupStep elect(BackupRun run) {
        Cluster cluster = run.cluster();
        BackupAttempts attempts = status(run.backup()).attempts();
        Optional<Instant> nextAttempt = retries().nextAttemptAt(attempts);
        if (nextAttempt.isPresent() && run.now().isBefore(nextAttempt.get())) {
            return new BackupStep.Wait(
                    Duration.between(run.now(), nextAttempt.get()),
                    RETRY_SCHEDULED,
                    retryMessage(attempts, nextAttempt.get()),
                    true);
        }
        Optional<TargetElection.Elected> election = TargetElection.elect(run, instances);
        if (election.isEmpty()) {
            return TargetElection.noTarget(run);
        }
        String podName = election.get().podName();
        Pod pod = election.get().pod();
        BackupStatus started = BackupStatusDraft.from(status(run.backup()))
                .phase(BackupPhase.STARTED)
                .error(null)
                .instanceID(new InstanceID(
                        podName,
                        InstancePods.containerId(pod),
                        election.get().state().sessionId()))
                .method(BackupMethod.BARMAN_OBJECT_STORE)
                .reconciliationStartedAt(run.now())
                .reconciliationTerminatedAt(null)
                .backupName(BARMAN_NAME.format(run.now()))
                .attempts(new BackupAttempts(
                        (attempts == null ? 0 : attempts.started()) + 1,
                        attempts == null ? null : attempts.lastError(),
                        attempts == null ? null : attempts.lastFailureAt()))
                .build();
        return new BackupStep.Advance(
                started,
                Notice.normal(
                        STARTING,
                        "Starting backup for cluster "
                                + cluster.getMetadata().getName() + " on "
                                + (election.get().primary() ? "the primary " : "standby ")
                                + podName),
                Duration.ZERO);
    }

    // ---- started / walArchivingFailing / running: the instance drives barman, the operator follows

    private BackupStep drive(BackupRun run) {
        BackupStatus status = status(run.backup());
        InstanceID id = status.instanceID();
        Optional<Pod> pod = InstancePods.named(run.pods(), id.podName());
        if (pod.isEmpty() || changed(id.containerID(), InstancePods.containerId(pod.get()))) {
            return restarted(run, id.podName());
        }
        String ip = InstancePods.ip(pod.get());
        if (ip == null) {
            return unreachable(run, "pod " + id.podName() + " has no IP");
        }
        InstanceReply<InstanceStatus> state = instances.status(ip);
        if (!state.succeeded()) {
            return unreachable(run, state.error());
        }
        if (restartedSession(id.sessionID(), state.value().sessionId())) {
            return restarted(run, id.podName());
        }
        InstanceReply<BackupJob> job = instances.backupJob(ip, jobName(run.backup()));
        if (job.succeeded()) {
            reachable(run);
            return follow(run, job.value());
        }
        if (!job.notFound()) {
            return unreachable(run, job.error());
        }
        reachable(run);
        return checkArchivingThenStart(run, ip, state.value());
    }

    private BackupStep checkArchivingThenStart(BackupRun run, String targetIp, InstanceStatus target) {
        return walArchive.holds(run, targetIp, target).orElseGet(() -> start(run, targetIp));
    }

    private BackupStep start(BackupRun run, String ip) {
        BackupStatus status = status(run.backup());
        BarmanObjectStoreConfiguration store = store(run.cluster());
        InstanceReply<BackupJob> reply = instances.startBackup(
                ip,
                new BackupRequest(
                        jobName(run.backup()),
                        status.backupName(),
                        store,
                        serverName(run.cluster()),
                        run.cluster().getSpec().backup().retentionPolicy()));
        if (reply.succeeded()) {
            return follow(run, reply.value());
        }
        if (reply.httpStatus() == 409) {
            return new BackupStep.Advance(
                    BackupStatusDraft.from(status)
                            .phase(BackupPhase.STARTED)
                            .error(null)
                            .build(),
                    Notice.normal(
                            ANOTHER_BACKUP_IN_PROGRESS,
                            "pod " + status.instanceID().podName()
                                    + " is running another backup (" + reply.error() + "); trying again every "
                                    + ANOTHER_BACKUP_RETRY.toSeconds() + "s"),
                    ANOTHER_BACKUP_RETRY);
        }
        if (reply.httpStatus() >= 400 && reply.httpStatus() < 500) {
            return new BackupStep.Failed(
                    REQUEST_REFUSED,
                    "the instance manager of pod " + status.instanceID().podName() + " refused the backup: "
                            + reply.error(),
                    status,
                    Optional.empty());
        }
        return unreachable(run, reply.error());
    }

    private BackupStep follow(BackupRun run, BackupJob job) {
        BackupStatus status = status(run.backup());
        BackupStatusDraft draft = withLocation(BackupStatusDraft.from(status), run.cluster());
        String pod = status.instanceID().podName();
        switch (job.phase()) {
            case RUNNING:
                return new BackupStep.Advance(
                        draft.phase(BackupPhase.RUNNING)
                                .error(null)
                                .startedAt(job.acceptedAt() == null ? status.startedAt() : seconds(job.acceptedAt()))
                                .build(),
                        Notice.quiet(RUNNING, "barman-cloud-backup runs on pod " + pod + " as " + status.backupName()),
                        settings.pollInterval());
            case FAILED:
                String error = job.error() != null && !job.error().isBlank()
                        ? job.error()
                        : "barman-cloud-backup failed on pod " + pod;
                return attemptFailed(run, BarmanFailures.kind(error), FAILED, error, draft.build(), Optional.of(job));
            default:
                break;
        }
        BarmanBackupInfo info = job.backup();
        if (info == null) {
            return new BackupStep.Failed(
                    FAILED,
                    "barman-cloud-backup completed on pod " + pod + " but reported no backup",
                    draft.build(),
                    Optional.of(job));
        }
        draft.backupId(info.backupId())
                .backupName(info.backupName() != null ? info.backupName() : status.backupName())
                .beginWal(info.beginWal())
                .endWal(info.endWal())
                .beginLSN(info.beginLsn())
                .endLSN(info.endLsn())
                .startedAt(info.beginTime() == null ? null : seconds(info.beginTime()))
                .stoppedAt(info.endTime() == null ? null : seconds(info.endTime()))
                .online(true)
                .error(null);
        if (status.majorVersion() == null && info.version() != null) {
            draft.majorVersion(info.version() / 10000);
        }
        return endWal.completedOrFinalizing(run, draft, job);
    }

    /** Status times are metav1.Time: whole seconds. */
    private static Instant seconds(OffsetDateTime time) {
        return time.toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    // ---- failures of the instance

    private BackupStep restarted(BackupRun run, String pod) {
        reachable(run);
        return attemptFailed(
                run,
                FailureKind.TRANSIENT,
                INSTANCE_MANAGER_RESTARTED,
                "instance manager was restarted during backup on " + "pod " + pod,
                status(run.backup()),
                Optional.empty());
    }

    private BackupStep unreachable(BackupRun run, String error) {
        return unreachable(run, FailureKind.TRANSIENT, error);
    }

    /** Waits for the instance to answer, up to {@code cairn.backup.instance-unreachable-timeout}; then a failure. */
    private BackupStep unreachable(BackupRun run, FailureKind kind, String error) {
        Instant since = unreachableSince.computeIfAbsent(key(run.backup()), k -> run.now());
        if (!run.now().isBefore(since.plus(settings.instanceUnreachableTimeout()))) {
            reachable(run);
            InstanceID id = status(run.backup()).instanceID();
            return attemptFailed(
                    run,
                    kind,
                    INSTANCE_UNREACHABLE,
                    "the instance manager of pod "
                            + (id == null ? "(none recorded)" : id.podName()) + " did not answer for "
                            + settings.instanceUnreachableTimeout().toSeconds() + "s: " + error,
                    status(run.backup()),
                    Optional.empty());
        }
        return new BackupStep.Advance(status(run.backup()), null, settings.pollInterval());
    }

    /**
     * An attempt failed: a transient failure with attempts left goes back to {@code pending} (a fresh election
     * after the back-off, a new job on the instance); anything else fails the backup with {@code reason}.
     */
    private BackupStep attemptFailed(
            BackupRun run,
            FailureKind kind,
            String reason,
            String error,
            BackupStatus recorded,
            Optional<BackupJob> job) {
        BackupRetries.AfterFailure after = retries().afterFailure(recorded.attempts(), kind, error, run.now());
        if (after instanceof BackupRetries.AfterFailure.Retry retry) {
            BackupStatus pending = BackupStatusDraft.from(BackupStatus.EMPTY)
                    .phase(BackupPhase.PENDING)
                    .majorVersion(recorded.majorVersion())
                    .attempts(retry.attempts())
                    .build();
            return new BackupStep.Advance(
                    pending,
                    Notice.warning(RETRY_SCHEDULED, retryMessage(retry.attempts(), retry.at())),
                    Duration.between(run.now(), retry.at()));
        }
        BackupRetries.AfterFailure.GiveUp giveUp = (BackupRetries.AfterFailure.GiveUp) after;
        return new BackupStep.Failed(
                reason,
                giveUp.message(),
                BackupStatusDraft.from(recorded).attempts(giveUp.attempts()).build(),
                job);
    }

    private BackupRetries retries() {
        return BackupRetries.of(settings);
    }

    private String retryMessage(BackupAttempts attempts, Instant next) {
        int failed = Math.max(1, attempts.started());
        return "attempt " + failed + " of " + retries().maxAttempts() + " failed: " + attempts.lastError()
                + "; attempt " + (failed + 1) + " starts at " + next;
    }

    /**
     * Cancels the backup's job on its instance, if one may be running: barman-cloud-backup is stopped and the job
     * ends failed. Best effort: a pod that is gone or does not answer has no job to stop.
     */
    @Override
    public void release(BackupRun run) {
        BackupStatus status = status(run.backup());
        BackupPhase phase = status.phase() == null ? BackupPhase.NEW : status.phase();
        boolean mayRun = phase == BackupPhase.STARTED
                || phase == BackupPhase.RUNNING
                || phase == BackupPhase.WAL_ARCHIVING_FAILING;
        if (mayRun && status.instanceID() != null) {
            InstancePods.named(run.pods(), status.instanceID().podName())
                    .map(InstancePods::ip)
                    .ifPresent(ip -> instances.cancelBackup(ip, jobName(run.backup())));
        }
        reachable(run);
    }

    /**
     * The name of the backup's job on the instance (its idempotency key): the Backup's name for the first attempt,
     * {@code <name>:attempt-<n>} for a retry, so a failed attempt's job is not mistaken for the new one.
     */
    static String jobName(Backup backup) {
        BackupAttempts attempts = status(backup).attempts();
        int attempt = attempts == null ? 1 : attempts.started();
        String name = backup.getMetadata().getName();
        return attempt <= 1 ? name : name + ATTEMPT_SEPARATOR + attempt;
    }

    private void reachable(BackupRun run) {
        unreachableSince.remove(key(run.backup()));
    }

    /** CloudNativePG's rule: restarted if a session was recorded and another one answers, or none was and one does. */
    static boolean restartedSession(String recorded, String current) {
        if (current == null || current.isEmpty()) {
            return false;
        }
        return recorded == null || recorded.isEmpty() || !recorded.equals(current);
    }

    private static boolean changed(String recorded, String current) {
        return recorded != null && current != null && !recorded.equals(current);
    }

    // ---- what the Backup and the Cluster say

    private static BackupStatusDraft withLocation(BackupStatusDraft draft, Cluster cluster) {
        BarmanObjectStoreConfiguration store = store(cluster);
        return draft.s3Credentials(store.s3Credentials())
                .azureCredentials(store.azureCredentials())
                .googleCredentials(store.googleCredentials())
                .endpointCA(store.endpointCA())
                .endpointURL(store.endpointURL())
                .destinationPath(store.destinationPath())
                .serverName(serverName(cluster))
                .encryption(
                        store.data() == null || store.data().encryption() == null
                                ? null
                                : switch (store.data().encryption()) {
                                    case AES256 -> "AES256";
                                    case AWS_KMS -> "aws:kms";
                                });
    }

    static BarmanObjectStoreConfiguration store(Cluster cluster) {
        return cluster.getSpec().backup().barmanObjectStore();
    }

    /** The store's serverName, else the Cluster's name. */
    public static String serverName(Cluster cluster) {
        String configured = store(cluster).serverName();
        return configured == null || configured.isEmpty()
                ? cluster.getMetadata().getName()
                : configured;
    }

    static BackupStatus status(Backup backup) {
        return backup.getStatus() == null ? BackupStatus.EMPTY : backup.getStatus();
    }

    static String readyReason(Backup backup) {
        List<Condition> conditions = status(backup).conditions();
        return conditions == null
                ? null
                : conditions.stream()
                        .filter(c -> ConditionTypes.READY.equals(c.getType()))
                        .map(Condition::getReason)
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse(null);
    }

    private static String key(Backup backup) {
        return backup.getMetadata().getUid() != null
                ? backup.getMetadata().getUid()
                : backup.getMetadata().getNamespace() + "/"
                        + backup.getMetadata().getName();
    }
}
