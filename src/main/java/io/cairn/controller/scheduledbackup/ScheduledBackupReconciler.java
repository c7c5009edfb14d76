package io.cairn.controller.scheduledbackup;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.ConditionReasons;
import io.cairn.api.v1.ConditionTypes;
import io.cairn.api.v1.ScheduledBackup;
import io.cairn.api.v1.ScheduledBackupStatus;
import io.cairn.controller.scheduledbackup.ScheduleDecision.Activation;
import io.cairn.controller.scheduledbackup.ScheduleDecision.Invalid;
import io.cairn.controller.scheduledbackup.ScheduleDecision.NeverFires;
import io.cairn.controller.scheduledbackup.ScheduleDecision.Skip;
import io.cairn.controller.scheduledbackup.ScheduleDecision.StartTracking;
import io.cairn.controller.scheduledbackup.ScheduleDecision.Suspended;
import io.cairn.controller.scheduledbackup.ScheduleDecision.TakeBackup;
import io.cairn.controller.scheduledbackup.ScheduleDecision.Wait;
import io.cairn.controller.scheduledbackup.ScheduleEvaluator.ParsedSchedule;
import io.cairn.event.EventRecorder;
import io.cairn.support.ReconcileErrors;
import io.cairn.support.StatusPatch;
import io.cairn.support.TrimmedItemStore;
import io.fabric8.kubernetes.api.model.Condition;
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
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Takes a ScheduledBackup's backups at the times its schedule says. It orchestrates: decide from spec, status and
 * clock ({@link ScheduleEvaluator}), create or adopt the slot's Backup ({@link ScheduledBackupChildren}), write the
 * status in one patch, and ask the operator SDK to reconcile again at the next slot (as CloudNativePG requeues
 * after {@code next - now}). That timer is only a wake-up: what is due is derived from the status on every
 * reconcile, so a restart or a new leader, which starts with no timers, loses nothing.
 */
@ControllerConfiguration(
        name = "scheduledbackup",
        triggerReconcilerOnAllEvents = true,
        informer =
                @Informer(
                        itemStore = TrimmedItemStore.WithoutManagedFields.class,
                        informerListLimit = TrimmedItemStore.LIST_PAGE))
public class ScheduledBackupReconciler implements Reconciler<ScheduledBackup> {

    private static final Logger LOG = Logger.getLogger(ScheduledBackupReconciler.class);
    static final Duration BLOCKED_RETRY = Duration.ofSeconds(10);
    static final Duration CREATE_FAILURE_RETRY = Duration.ofSeconds(30);

    @Inject
    Clock clock;

    @Inject
    ScheduledBackupChildren children;

    @Inject
    EventRecorder events;

    @Inject
    ScheduledBackupMetrics metrics;

    @Override
    public List<EventSource<?, ScheduledBackup>> prepareEventSources(EventSourceContext<ScheduledBackup> context) {
        InformerEventSource<Backup, ScheduledBackup> childBackups = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Backup.class, ScheduledBackup.class)
                        .withName("child-backups")
                        .withLabelSelector(ScheduledBackupChildren.PARENT_LABEL)
                        .withItemStore(ScheduledBackupChildren.cacheOfWhatTheScheduleReads(
                                context.getClient().getKubernetesSerialization()))
                        .withInformerListLimit(TrimmedItemStore.LIST_PAGE)
                        .withOnAddFilter(backup -> false)
                        .withOnUpdateFilter(ScheduledBackupChildren::finishedOrRestarted)
                        .withSecondaryToPrimaryMapper(backup -> Set.of(new ResourceID(
                                backup.getMetadata().getLabels().get(ScheduledBackupChildren.PARENT_LABEL),
                                backup.getMetadata().getNamespace())))
                        .build(),
                context);
        return List.of(childBackups);
    }

    @Override
    public UpdateControl<ScheduledBackup> reconcile(ScheduledBackup scheduledBackup, Context<ScheduledBackup> context) {
        String namespace = scheduledBackup.getMetadata().getNamespace();
        String name = scheduledBackup.getMetadata().getName();
        if (context.isPrimaryResourceDeleted()) {
            metrics.forget(namespace, name);
            return UpdateControl.noUpdate();
        }
        Instant now = clock.instant();
        ScheduleDecision decision = ScheduleEvaluator.decide(
                scheduledBackup.getSpec(),
                scheduledBackup.getStatus(),
                scheduledBackup.getMetadata().getUid(),
                Instant.parse(scheduledBackup.getMetadata().getCreationTimestamp()),
                now);
        if (decision instanceof Invalid invalid) {
            return refuse(scheduledBackup, invalid, now, context);
        }
        if (decision instanceof Suspended) {
            metrics.noNextRun(namespace, name);
            return UpdateControl.noUpdate();
        }
        if (decision instanceof NeverFires) {
            return neverFires(scheduledBackup, now, context);
        }
        if (decision instanceof StartTracking start) {
            events.normal(
                    scheduledBackup,
                    "BackupSchedule",
                    "Scheduled first backup by " + start.next().startsAt());
            return armed(scheduledBackup, now, current(scheduledBackup).lastScheduleTime(), start.next(), now, context);
        }
        if (decision instanceof Wait wait) {
            return armed(
                    scheduledBackup,
                    current(scheduledBackup).lastCheckTime(),
                    current(scheduledBackup).lastScheduleTime(),
                    wait.next(),
                    now,
                    context);
        }
        if (decision instanceof Skip skip) {
            return skipMissed(scheduledBackup, skip, now, context);
        }
        return takeBackup(scheduledBackup, (TakeBackup) decision, context, now);
    }

    /**
     * A reconcile that threw: the {@code Reconciled} condition and an Event say why, once per distinct error; JOSDK
     * retries with back-off.
     */
    @Override
    public ErrorStatusUpdateControl<ScheduledBackup> updateErrorStatus(
            ScheduledBackup scheduledBackup, Context<ScheduledBackup> context, Exception e) {
        List<Condition> conditions = scheduledBackup.getStatus() == null
                ? null
                : scheduledBackup.getStatus().conditions();
        String recorded = ReconcileErrors.record(context.getClient(), scheduledBackup, conditions, e, clock.instant());
        if (recorded != null) {
            events.warning(scheduledBackup, ConditionReasons.RECONCILE_FAILED, recorded);
        }
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }

    private UpdateControl<ScheduledBackup> takeBackup(
            ScheduledBackup scheduledBackup, TakeBackup take, Context<ScheduledBackup> context, Instant now) {
        String namespace = scheduledBackup.getMetadata().getNamespace();
        String name = scheduledBackup.getMetadata().getName();
        String backupName = ScheduledBackupChildren.backupName(scheduledBackup, take.slot());
        List<Backup> running = ScheduledBackupChildren.unfinished(context.getSecondaryResources(Backup.class)).stream()
                .filter(b -> !b.getMetadata().getName().equals(backupName))
                .toList();
        if (!running.isEmpty()) {
            events.normal(
                    scheduledBackup,
                    "BackupStillRunning",
                    "Backup " + backupName + " is due but "
                            + running.get(0).getMetadata().getName() + " has not finished yet; waiting for it");
            return UpdateControl.<ScheduledBackup>noUpdate().rescheduleAfter(BLOCKED_RETRY);
        }
        ScheduledBackupChildren.Result result;
        try {
            result = children.createOrAdopt(scheduledBackup, take.slot(), take.immediate());
        } catch (ScheduledBackupChildren.MissingOwnerCluster e) {
            events.warning(scheduledBackup, "ClusterNotFound", e.getMessage());
            return UpdateControl.<ScheduledBackup>noUpdate().rescheduleAfter(CREATE_FAILURE_RETRY);
        } catch (KubernetesClientException e) {
            if (isNamespaceTerminating(e)) {
                return UpdateControl.noUpdate();
            }
            events.warning(
                    scheduledBackup,
                    "BackupCreationFailed",
                    "Could not create Backup " + backupName
                            + " for " + take.slot() + ": " + e.getMessage() + "; retrying in "
                            + CREATE_FAILURE_RETRY.toSeconds() + "s");
            return UpdateControl.<ScheduledBackup>noUpdate().rescheduleAfter(CREATE_FAILURE_RETRY);
        }
        Instant lastScheduleTime = take.slot();
        switch (result.outcome()) {
            case CREATED -> {
                // A slot on time is in the Backup list and the status (lastScheduleTime, nextScheduleTime); an Event
                // for each would be one more write per slot. The exceptions get theirs: immediate here, catch-up
                // (MissedSchedules), adoption and refusal below.
                if (take.immediate()) {
                    events.normal(
                            scheduledBackup,
                            "BackupSchedule",
                            "Created immediate backup "
                                    + result.backupName() + " for " + take.slot()
                                    + (take.nextAfterNow() == null
                                            ? ""
                                            : "; next backup scheduled by "
                                                    + take.nextAfterNow().startsAt()));
                }
                metrics.backupCreated(namespace, name, take.slot(), clock.instant(), take.missedSlots() > 0);
            }
            case ADOPTED -> {
                events.normal(
                        scheduledBackup,
                        "BackupAdopted",
                        "Backup " + result.backupName() + " already exists for " + take.slot()
                                + " and belongs to this schedule; adopted it");
                metrics.backupAdopted(namespace, name);
            }
            case REFUSED -> {
                events.warning(
                        scheduledBackup,
                        "BackupAdoptionRefused",
                        "A Backup named " + result.backupName()
                                + " exists but was not created by this ScheduledBackup (no "
                                + ScheduledBackupChildren.PARENT_LABEL + "=" + name + " label); the slot " + take.slot()
                                + " is skipped");
                metrics.adoptionRefused(namespace, name);
                lastScheduleTime = current(scheduledBackup).lastScheduleTime();
            }
        }
        if (take.missedSlots() > 0) {
            events.warning(
                    scheduledBackup,
                    "MissedSchedules",
                    take.missedSlots() + " more scheduled backup(s) "
                            + "passed while the schedule was not served (operator down, suspended or blocked); they "
                            + "collapsed into one catch-up backup for " + take.slot());
            metrics.slotsMissed(namespace, name, take.missedSlots());
        }
        if (take.skippedSlots() > 0) {
            warnSkipped(scheduledBackup, take.skippedSlots(), "this backup, for " + take.slot() + ", is on time");
        }
        LOG.debugf(
                "%s/%s: %s %s for slot %s (lastCheckTime %s, resourceVersion %s)",
                namespace,
                name,
                result.outcome(),
                result.backupName(),
                take.slot(),
                current(scheduledBackup).lastCheckTime(),
                scheduledBackup.getMetadata().getResourceVersion());
        if (take.nextAfterNow() == null) {
            return neverFires(scheduledBackup, now, context);
        }
        return armed(scheduledBackup, now, lastScheduleTime, take.nextAfterNow(), now, context);
    }

    /** {@code catchUp: none} and every slot that passed is late: none is served, the next one is waited for. */
    private UpdateControl<ScheduledBackup> skipMissed(
            ScheduledBackup scheduledBackup, Skip skip, Instant now, Context<ScheduledBackup> context) {
        warnSkipped(scheduledBackup, skip.skippedSlots(), "the first was " + skip.firstSkipped());
        ScheduledBackupStatus current = current(scheduledBackup);
        if (skip.nextAfterNow() == null) {
            return neverFires(scheduledBackup, now, context);
        }
        return armed(scheduledBackup, now, current.lastScheduleTime(), skip.nextAfterNow(), now, context);
    }

    private void warnSkipped(ScheduledBackup scheduledBackup, long skippedSlots, String detail) {
        events.warning(
                scheduledBackup,
                "MissedSchedules",
                skippedSlots + " scheduled backup(s) passed while the schedule was not served (operator down, "
                        + "suspended or blocked) and were skipped, as catchUp is 'none' (" + detail + ")");
        metrics.slotsMissed(
                scheduledBackup.getMetadata().getNamespace(),
                scheduledBackup.getMetadata().getName(),
                skippedSlots);
    }

    /** Writes the schedule times and asks to be reconciled again when {@code next} starts. */
    private UpdateControl<ScheduledBackup> armed(
            ScheduledBackup scheduledBackup,
            Instant lastCheckTime,
            Instant lastScheduleTime,
            Activation next,
            Instant now,
            Context<ScheduledBackup> context) {
        ParsedSchedule parsed = parsed(scheduledBackup);
        String reason = ScheduleExplanation.reason(parsed.schedule());
        String explanation =
                ScheduleExplanation.message(parsed.schedule(), parsed.zone().getId(), parsed.nextSlots(now, 3));
        warnOnceIfAmbiguous(scheduledBackup, reason, explanation);
        metrics.nextRun(
                scheduledBackup.getMetadata().getNamespace(),
                scheduledBackup.getMetadata().getName(),
                next.startsAt());
        return patchIfChanged(
                        scheduledBackup,
                        ScheduledBackupStatusFactory.valid(
                                scheduledBackup, lastCheckTime, lastScheduleTime, next, reason, explanation, now),
                        context)
                .rescheduleAfter(ScheduleEvaluator.delayUntil(clock.instant(), next.startsAt()));
    }

    private UpdateControl<ScheduledBackup> neverFires(
            ScheduledBackup scheduledBackup, Instant now, Context<ScheduledBackup> context) {
        metrics.noNextRun(
                scheduledBackup.getMetadata().getNamespace(),
                scheduledBackup.getMetadata().getName());
        ScheduledBackupStatus current = current(scheduledBackup);
        if (current.nextScheduleTime() != null || current.lastCheckTime() == null) {
            events.warning(
                    scheduledBackup,
                    "NoSchedule",
                    "schedule '" + scheduledBackup.getSpec().schedule()
                            + "' never fires within the next five years; no backup will be taken");
        }
        ParsedSchedule parsed = parsed(scheduledBackup);
        return patchIfChanged(
                scheduledBackup,
                ScheduledBackupStatusFactory.valid(
                        scheduledBackup,
                        now,
                        current.lastScheduleTime(),
                        null,
                        ScheduleExplanation.reason(parsed.schedule()),
                        ScheduleExplanation.message(
                                parsed.schedule(), parsed.zone().getId(), List.of()),
                        now),
                context);
    }

    private UpdateControl<ScheduledBackup> refuse(
            ScheduledBackup scheduledBackup, Invalid invalid, Instant now, Context<ScheduledBackup> context) {
        ResourceID id = ResourceID.fromResource(scheduledBackup);
        metrics.noNextRun(id.getNamespace().orElse(""), id.getName());
        if (!Objects.equals(current(scheduledBackup).error(), invalid.message())) {
            events.warning(scheduledBackup, invalid.reason(), invalid.message());
            metrics.scheduleError(id.getNamespace().orElse(""), id.getName(), invalid.reason());
        }
        return patchIfChanged(
                scheduledBackup,
                ScheduledBackupStatusFactory.invalid(scheduledBackup, invalid.reason(), invalid.message(), now),
                context);
    }

    private void warnOnceIfAmbiguous(ScheduledBackup scheduledBackup, String reason, String explanation) {
        if (ScheduleExplanation.EXPLICIT.equals(reason)) {
            return;
        }
        boolean alreadyWarned = current(scheduledBackup).conditions() != null
                && current(scheduledBackup).conditions().stream()
                        .anyMatch(c -> ConditionTypes.SCHEDULE_EXPLICIT.equals(c.getType())
                                && reason.equals(c.getReason())
                                && Objects.equals(
                                        c.getObservedGeneration(),
                                        scheduledBackup.getMetadata().getGeneration()));
        if (!alreadyWarned) {
            events.warning(scheduledBackup, reason, explanation);
        }
    }

    private static boolean isNamespaceTerminating(KubernetesClientException e) {
        return e.getCode() == HttpURLConnection.HTTP_FORBIDDEN
                && e.getStatus() != null
                && e.getStatus().getDetails() != null
                && e.getStatus().getDetails().getCauses() != null
                && e.getStatus().getDetails().getCauses().stream()
                        .anyMatch(cause -> "NamespaceTerminating".equals(cause.getReason()));
    }

    /**
     * Writes the status when it changed ({@link StatusPatch}) and caches the result, so the reconcile that a child
     * Backup's event triggers a moment later already sees the new lastCheckTime instead of handling the same slot
     * again. A conflict writes nothing: the newer ScheduledBackup's event brings a reconcile that decides again from
     * it (what is due is derived from the status and the deterministic Backup names).
     */
    private static UpdateControl<ScheduledBackup> patchIfChanged(
            ScheduledBackup scheduledBackup, ScheduledBackupStatus desired, Context<ScheduledBackup> context) {
        StatusPatch.writeAndCache(scheduledBackup, desired, context);
        return UpdateControl.noUpdate();
    }

    private static ParsedSchedule parsed(ScheduledBackup scheduledBackup) {
        return ParsedSchedule.of(
                scheduledBackup.getSpec(), scheduledBackup.getMetadata().getUid());
    }

    private static ScheduledBackupStatus current(ScheduledBackup scheduledBackup) {
        return ScheduledBackupStatusFactory.current(scheduledBackup);
    }
}
