package io.cairn.controller.backup;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ConditionReasons;
import io.cairn.api.v1.Labels;
import io.cairn.backup.BackupDeadline;
import io.cairn.backup.BackupMethodExecutor;
import io.cairn.backup.BackupMethodExecutors;
import io.cairn.backup.BackupRun;
import io.cairn.backup.BackupSettings;
import io.cairn.backup.BackupStep;
import io.cairn.backup.BackupStep.Notice;
import io.cairn.controller.backup.BackupPrerequisites.Refusal;
import io.cairn.event.EventRecorder;
import io.cairn.instance.api.BackupJob;
import io.cairn.instance.api.BarmanBackupInfo;
import io.cairn.support.ReconcileErrors;
import io.cairn.support.StatusPatch;
import io.cairn.support.TrimmedItemStore;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Backup, from creation to a terminal phase (CloudNativePG's backup controller): leave done Backups alone, find the
 * Cluster, fail the Backup once its deadline passed ({@link BackupDeadline}), check its prerequisites, let one backup
 * per cluster go at a time, then ask the method's {@link BackupMethodExecutor} for one step and write what it decided
 * (status, Events, the Cluster's backup fields, the catalogue's consequences). The reconciler is woken by the Backup,
 * its Cluster and the Cluster's pods. Status is written in one patch, only when it changed, guarded by the
 * resourceVersion read, so a phase written concurrently (by the instance manager, or anyone) is never overwritten: on
 * a conflict the Backup is read again and decided again.
 */
@ControllerConfiguration(
        name = "backup",
        triggerReconcilerOnAllEvents = true,
        informer =
                @Informer(
                        itemStore = TrimmedItemStore.WithoutManagedFields.class,
                        informerListLimit = TrimmedItemStore.LIST_PAGE))
public class BackupReconciler implements Reconciler<Backup> {

    static final String RECONCILIATION_LOOP_ANNOTATION = Labels.RECONCILIATION_LOOP_ANNOTATION;
    static final String BY_CLUSTER_INDEX = "backups-by-cluster";
    static final Duration CLUSTER_RETRY = Duration.ofSeconds(30);
    static final Duration GATE_RETRY = Duration.ofSeconds(10);
    static final String FINDING_CLUSTER = "FindingCluster";
    /** The label CloudNativePG puts on a Cluster's instance pods. */
    static final String CLUSTER_LABEL = Labels.CLUSTER;

    static final String WAITING_FOR_BACKUP = "WaitingForBackup";
    private static final int CONFLICT_ATTEMPTS = 3;

    @Inject
    Clock clock;

    @Inject
    EventRecorder events;

    @Inject
    BackupMethodExecutors executors;

    @Inject
    VolumeSnapshotSupport volumeSnapshots;

    @Inject
    ClusterBackupStatus clusterStatus;

    @Inject
    BackupMetrics metrics;

    @Inject
    BackupCatalogSync catalog;

    @Inject
    BackupSettings settings;

    private InformerEventSource<Cluster, Backup> clusters;
    private InformerEventSource<Pod, Backup> pods;

    @Override
    public List<EventSource<?, Backup>> prepareEventSources(EventSourceContext<Backup> context) {
        context.getPrimaryCache()
                .addIndexer(
                        BY_CLUSTER_INDEX,
                        backup -> List.of(clusterKey(
                                backup.getMetadata().getNamespace(),
                                backup.getSpec().cluster().name())));
        clusters = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Cluster.class, Backup.class)
                        .withName("backup-clusters")
                        .withSecondaryToPrimaryMapper(cluster -> context
                                .getPrimaryCache()
                                .byIndex(
                                        BY_CLUSTER_INDEX,
                                        clusterKey(
                                                cluster.getMetadata().getNamespace(),
                                                cluster.getMetadata().getName()))
                                .stream()
                                .filter(backup -> !BackupGate.phase(backup).isTerminal())
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .withPrimaryToSecondaryMapper((Backup backup) -> Set.of(new ResourceID(
                                backup.getSpec().cluster().name(),
                                backup.getMetadata().getNamespace())))
                        .build(),
                context);
        pods = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Pod.class, Backup.class)
                        .withName("backup-pods")
                        .withLabelSelector(CLUSTER_LABEL)
                        .withSecondaryToPrimaryMapper(pod -> context
                                .getPrimaryCache()
                                .byIndex(
                                        BY_CLUSTER_INDEX,
                                        clusterKey(
                                                pod.getMetadata().getNamespace(),
                                                pod.getMetadata().getLabels().get(CLUSTER_LABEL)))
                                .stream()
                                .filter(backup -> !BackupGate.phase(backup).isTerminal())
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .withPrimaryToSecondaryMapper((Backup backup) -> Set.of())
                        .build(),
                context);
        return List.of(clusters, pods);
    }

    @Override
    public UpdateControl<Backup> reconcile(Backup backup, Context<Backup> context) {
        if (context.isPrimaryResourceDeleted()) {
            metrics.forget(
                    backup.getMetadata().getNamespace(), backup.getMetadata().getName());
            if (!BackupGate.phase(backup).isTerminal()) {
                clusters.get(new ResourceID(
                                backup.getSpec().cluster().name(),
                                backup.getMetadata().getNamespace()))
                        .ifPresent(cluster -> release(backup, cluster, clock.instant()));
            }
            return UpdateControl.noUpdate();
        }
        Backup current = backup;
        for (int attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
            metrics.observe(current);
            if (isLeftAlone(current)) {
                return UpdateControl.noUpdate();
            }
            try {
                return decide(current, context);
            } catch (StatusConflict conflict) {
                current = context.getClient().resource(current).get();
                if (current == null) {
                    return UpdateControl.noUpdate();
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return UpdateControl.noUpdate(); // deleted while we decided; its delete event cleans up
                }
                throw e;
            }
        }
        return UpdateControl.<Backup>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
    }

    /**
     * A reconcile that threw: the {@code Reconciled} condition and an Event say why, once per distinct error; JOSDK
     * retries with back-off.
     */
    @Override
    public ErrorStatusUpdateControl<Backup> updateErrorStatus(Backup backup, Context<Backup> context, Exception e) {
        List<Condition> conditions =
                backup.getStatus() == null ? null : backup.getStatus().conditions();
        String recorded = ReconcileErrors.record(context.getClient(), backup, conditions, e, clock.instant());
        if (recorded != null) {
            events.warning(backup, ConditionReasons.RECONCILE_FAILED, recorded);
        }
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }

    /** Done Backups are final; {@code cnpg.io/reconciliationLoop: disabled} switches the reconciler off. */
    private static boolean isLeftAlone(Backup backup) {
        Map<String, String> annotations = backup.getMetadata().getAnnotations();
        return BackupGate.phase(backup).isTerminal()
                || (annotations != null && "disabled".equals(annotations.get(RECONCILIATION_LOOP_ANNOTATION)));
    }

    private UpdateControl<Backup> decide(Backup backup, Context<Backup> context) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS); // metav1.Time has seconds
        String clusterName = backup.getSpec().cluster().name();
        Optional<Cluster> found =
                clusters.get(new ResourceID(clusterName, backup.getMetadata().getNamespace()));
        if (found.isEmpty()) {
            Optional<BackupDeadline> own = BackupDeadline.of(backup, null);
            if (own.isPresent() && own.get().exceeded(now)) {
                String message = own.get().message(BackupStatusFactory.current(backup));
                write(backup, BackupStatusFactory.failed(backup, BackupDeadline.EXCEEDED, message, now), context);
                events.warning(backup, BackupDeadline.EXCEEDED, message);
                return UpdateControl.noUpdate();
            }
            String message =
                    "Unknown cluster " + clusterName + ", will retry in " + CLUSTER_RETRY.toSeconds() + " seconds";
            if (write(
                    backup,
                    BackupStatusFactory.pending(
                            backup, BackupStatusFactory.current(backup).majorVersion(), FINDING_CLUSTER, message, now),
                    context)) {
                events.warning(backup, FINDING_CLUSTER, message);
            }
            UpdateControl<Backup> again = UpdateControl.<Backup>noUpdate().rescheduleAfter(CLUSTER_RETRY);
            return own.map(d -> notPast(again, d.remaining(now))).orElse(again);
        }
        Cluster cluster = found.get();
        Optional<BackupDeadline> deadline = BackupDeadline.of(backup, cluster);
        if (deadline.isPresent() && deadline.get().exceeded(now)) {
            BackupStatus current = BackupStatusFactory.current(backup);
            return fail(
                    backup, cluster, BackupDeadline.EXCEEDED, deadline.get().message(current), current, now, context);
        }
        UpdateControl<Backup> next = proceed(backup, cluster, now, context);
        return deadline.map(d -> notPast(next, d.remaining(now))).orElse(next);
    }

    /** Checks again at the deadline at the latest, so a backup that waits long is failed on time. */
    private static UpdateControl<Backup> notPast(UpdateControl<Backup> next, Duration remaining) {
        return next.getScheduleDelay()
                .filter(delay -> delay > remaining.toMillis())
                .map(delay -> next.rescheduleAfter(remaining))
                .orElse(next);
    }

    /** With the Cluster found and the deadline not passed: prerequisites, the gate, then the method's step. */
    private UpdateControl<Backup> proceed(Backup backup, Cluster cluster, Instant now, Context<Backup> context) {
        String clusterName = cluster.getMetadata().getName();
        BackupMethod method = method(backup);
        Optional<Refusal> refusal = BackupPrerequisites.check(
                method, cluster, method == BackupMethod.VOLUME_SNAPSHOT && volumeSnapshots.present());
        if (refusal.isEmpty() && !settings.ambientIdentities()) {
            refusal = BackupPrerequisites.withoutAmbientIdentities(method, cluster);
        }
        if (refusal.isPresent()) {
            return fail(backup, cluster, refusal.get().reason(), refusal.get().message(), now, context);
        }
        BackupPhase phase = BackupGate.phase(backup);
        if (BackupGate.applies(phase)) {
            Optional<Backup> blocker = BackupGate.waitsFor(
                    backup,
                    context.getPrimaryCache()
                            .byIndex(
                                    BY_CLUSTER_INDEX,
                                    clusterKey(backup.getMetadata().getNamespace(), clusterName)));
            if (blocker.isPresent()) {
                String message =
                        "waiting for backup " + blocker.get().getMetadata().getName() + " ("
                                + phaseName(BackupGate.phase(blocker.get())) + ") of cluster " + clusterName
                                + ": one backup per cluster at a time, oldest first; checking again every "
                                + GATE_RETRY.toSeconds() + "s";
                if (write(
                        backup,
                        BackupStatusFactory.pending(
                                backup,
                                BackupStatusFactory.current(backup).majorVersion(),
                                WAITING_FOR_BACKUP,
                                message,
                                now),
                        context)) {
                    events.normal(backup, WAITING_FOR_BACKUP, message);
                }
                return UpdateControl.<Backup>noUpdate().rescheduleAfter(GATE_RETRY);
            }
        }
        BackupStep step = executors.forMethod(method).step(new BackupRun(backup, cluster, pods(cluster), now));
        return apply(step, backup, cluster, now, context);
    }

    /** Writes what the method's step decided, with its Events and the Cluster's backup fields. */
    private UpdateControl<Backup> apply(
            BackupStep step, Backup backup, Cluster cluster, Instant now, Context<Backup> context) {
        if (step instanceof BackupStep.Failed failed) {
            fail(backup, cluster, failed.reason(), failed.message(), failed.status(), now, context);
            if (failed.job().isPresent()) {
                catalog.afterJob(cluster, failed.job(), backupsOf(backup, context), Optional.empty(), now);
            }
            return UpdateControl.noUpdate();
        }
        if (step instanceof BackupStep.Wait wait) {
            Integer majorVersion = Optional.ofNullable(BackupStatusFactory.majorVersion(cluster))
                    .orElse(BackupStatusFactory.current(backup).majorVersion());
            if (write(
                    backup,
                    BackupStatusFactory.pending(backup, majorVersion, wait.reason(), wait.message(), now),
                    context)) {
                if (wait.warning()) {
                    events.warning(backup, wait.reason(), wait.message());
                } else {
                    events.normal(backup, wait.reason(), wait.message());
                }
            }
            return UpdateControl.<Backup>noUpdate().rescheduleAfter(wait.retryAfter());
        }
        if (step instanceof BackupStep.Advance advance) {
            BackupPhase before = BackupGate.phase(backup);
            if (write(
                    backup,
                    BackupStatusFactory.advanced(backup, cluster, advance.status(), advance.notice(), now),
                    context)) {
                Notice notice = advance.notice();
                if (notice != null && notice.kind() == Notice.Kind.NORMAL) {
                    events.normal(backup, notice.reason(), notice.message());
                } else if (notice != null && notice.kind() == Notice.Kind.WARNING) {
                    events.warning(backup, notice.reason(), notice.message());
                }
                if (BackupGate.applies(before) && advance.status().phase() == BackupPhase.STARTED) {
                    clusterStatus.backupStarting(cluster, now);
                }
            }
            return UpdateControl.<Backup>noUpdate().rescheduleAfter(advance.recheckAfter());
        }
        if (step instanceof BackupStep.Completed completed) {
            BackupStatus done = BackupStatusFactory.completed(backup, completed.status(), now);
            write(backup, done, context);
            events.normal(
                    backup,
                    BackupStatusFactory.COMPLETED,
                    "Backup completed" + (done.backupId() == null ? "" : ": " + done.backupId()));
            completed
                    .job()
                    .map(BackupJob::backup)
                    .map(BarmanBackupInfo::size)
                    .ifPresent(size -> metrics.size(backup, size));
            if (completed.window().isPresent()) {
                clusterStatus.backupSucceeded(
                        cluster,
                        method(backup),
                        completed
                                .window()
                                .map(window -> new CatalogTimes(
                                        window.firstRecoverabilityPoint(), window.lastSuccessfulBackup())),
                        Optional.ofNullable(done.stoppedAt()).orElse(now),
                        now);
            } else {
                catalog.afterJob(
                        cluster,
                        completed.job(),
                        backupsOf(backup, context),
                        Optional.of(Optional.ofNullable(done.stoppedAt()).orElse(now)),
                        now);
            }
            return UpdateControl.noUpdate();
        }
        return UpdateControl.<Backup>noUpdate().rescheduleAfter(Duration.ZERO);
    }

    /** Lets the method give back what the backup holds (a fenced instance...) before it is failed or gone. */
    private void release(Backup backup, Cluster cluster, Instant now) {
        executors.forMethod(method(backup)).release(new BackupRun(backup, cluster, pods(cluster), now));
    }

    private List<Pod> pods(Cluster cluster) {
        return pods.list(
                        cluster.getMetadata().getNamespace(),
                        pod -> pod.getMetadata().getLabels() != null
                                && cluster.getMetadata()
                                        .getName()
                                        .equals(pod.getMetadata().getLabels().get(CLUSTER_LABEL)))
                .toList();
    }

    private static List<Backup> backupsOf(Backup backup, Context<Backup> context) {
        return List.copyOf(context.getPrimaryCache()
                .byIndex(
                        BY_CLUSTER_INDEX,
                        clusterKey(
                                backup.getMetadata().getNamespace(),
                                backup.getSpec().cluster().name())));
    }

    private UpdateControl<Backup> fail(
            Backup backup, Cluster cluster, String reason, String message, Instant now, Context<Backup> context) {
        return fail(backup, cluster, reason, message, null, now, context);
    }

    private UpdateControl<Backup> fail(
            Backup backup,
            Cluster cluster,
            String reason,
            String message,
            BackupStatus recorded,
            Instant now,
            Context<Backup> context) {
        release(backup, cluster, now);
        write(backup, BackupStatusFactory.failed(backup, recorded, reason, message, now), context);
        events.warning(backup, reason, message);
        clusterStatus.backupFailed(cluster, message, now);
        return UpdateControl.noUpdate();
    }

    /**
     * Writes {@code desired} if it differs from the Backup's status ({@link StatusPatch}, guarded by the
     * resourceVersion read, so a concurrent write makes this one fail with a conflict instead of being overwritten);
     * the result is cached so the next reconcile sees it. Returns whether anything was written.
     */
    private boolean write(Backup backup, BackupStatus desired, Context<Backup> context) {
        StatusPatch.Result<Backup> result = StatusPatch.writeAndCache(backup, desired, context);
        switch (result.outcome()) {
            case UNCHANGED -> {
                return false;
            }
            case CONFLICT, GONE -> throw new StatusConflict(); // read again; gone, it is left alone
            default -> {
                metrics.observe(result.written());
                return true;
            }
        }
    }

    private static BackupMethod method(Backup backup) {
        return backup.getSpec().methodOrDefault();
    }

    private static String phaseName(BackupPhase phase) {
        return phase == BackupPhase.NEW ? "new" : phase.value();
    }

    private static String clusterKey(String namespace, String cluster) {
        return namespace + "/" + cluster;
    }

    /** Someone else wrote the Backup since it was read. */
    private static final class StatusConflict extends RuntimeException {

        StatusConflict() {
            super(null, null, false, false);
        }
    }
}
