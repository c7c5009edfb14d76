package io.cairn.backup.barman;

import static io.cairn.backup.barman.BarmanObjectStoreExecutor.WAITING_FOR_PRIMARY;
import static io.cairn.backup.barman.BarmanObjectStoreExecutor.WAL_ARCHIVING_FAILING;
import static io.cairn.backup.barman.BarmanObjectStoreExecutor.WAL_SWITCH_REQUESTED;
import static io.cairn.backup.barman.BarmanObjectStoreExecutor.readyReason;
import static io.cairn.backup.barman.BarmanObjectStoreExecutor.status;
import static io.cairn.backup.barman.TargetElection.primary;

import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.backup.BackupRun;
import io.cairn.backup.BackupSettings;
import io.cairn.backup.BackupStatusDraft;
import io.cairn.backup.BackupStep;
import io.cairn.backup.BackupStep.Notice;
import io.cairn.instance.api.ArchiveResult;
import io.cairn.instance.api.InstanceStatus;
import io.cairn.instance.api.client.InstanceClient;
import io.cairn.instance.api.client.InstanceReply;
import java.time.Instant;
import java.util.Optional;

/**
 * CloudNativePG's check before a base backup (its instance manager's {@code ensureWalArchiveIsWorking}), made by the
 * operator on the primary's {@code pg_stat_archiver}: archiving works when the last success is newer than the last
 * failure. Nothing ever archived nor failed: one {@code CHECKPOINT} + WAL switch is asked of the primary (remembered
 * as the Ready reason {@code WalSwitchRequested}). Failing: {@code walArchivingFailing} with barman's message. Past
 * {@code cairn.backup.wal-archive-check-timeout} from {@code reconciliationStartedAt}: failed.
 */
final class WalArchiveCheck {

    private final InstanceClient instances;
    private final BackupSettings settings;

    WalArchiveCheck(InstanceClient instances, BackupSettings settings) {
        this.instances = instances;
        this.settings = settings;
    }

    /**
     * Empty when archiving works on the primary and the backup may start; else the step that holds it
     * ({@code started} or {@code walArchivingFailing}, looked at again every poll interval) or fails it.
     */
    Optional<BackupStep> holds(BackupRun run, String targetIp, InstanceStatus target) {
        BackupStatus status = status(run.backup());
        String primary = primary(run.cluster());
        Instant deadline = Optional.ofNullable(status.reconciliationStartedAt())
                .orElse(run.now())
                .plus(settings.walArchiveCheckTimeout());
        String primaryIp = primary.equals(status.instanceID().podName())
                ? targetIp
                : InstancePods.named(run.pods(), primary).map(InstancePods::ip).orElse(null);
        InstanceReply<InstanceStatus> primaryState =
                primary.equals(status.instanceID().podName())
                        ? InstanceReply.ok(target)
                        : primaryIp == null
                                ? InstanceReply.unreachable("the primary " + primary + " has no running pod")
                                : instances.status(primaryIp);
        InstanceStatus.Archiver archiver =
                primaryState.succeeded() ? primaryState.value().archiver() : null;
        if (archiver != null && archiver.working()) {
            return Optional.empty();
        }
        String why;
        Notice notice;
        BackupPhase phase = BackupPhase.STARTED;
        if (!primaryState.succeeded() || archiver == null) {
            why = "cannot check WAL archiving on the primary " + primary + ": "
                    + (primaryState.succeeded() ? "PostgreSQL does not report pg_stat_archiver" : primaryState.error());
            notice = Notice.quiet(
                    WAITING_FOR_PRIMARY,
                    why + "; checking again every " + settings.pollInterval().toSeconds() + "s until " + deadline);
        } else if (archiver.untried()) {
            if (!WAL_SWITCH_REQUESTED.equals(readyReason(run.backup()))) {
                instances.walSwitch(primaryIp, true);
            }
            why = "no WAL file was archived by the primary " + primary + " yet (a WAL switch was requested)";
            notice = Notice.normal(WAL_SWITCH_REQUESTED, "waiting for WAL archiving: " + why);
        } else {
            ArchiveResult lastFailure = primaryState.value().lastArchiveFailure();
            why = lastFailure != null && lastFailure.message() != null
                    ? lastFailure.message()
                    : "archiving " + archiver.lastFailedWal() + " failed";
            phase = BackupPhase.WAL_ARCHIVING_FAILING;
            notice = Notice.warning(
                    WAL_ARCHIVING_FAILING,
                    "WAL archiving is not working on the primary " + primary
                            + ": " + why + "; checking again every "
                            + settings.pollInterval().toSeconds() + "s until "
                            + deadline);
        }
        if (!run.now().isBefore(deadline)) {
            return Optional.of(new BackupStep.Failed(
                    WAL_ARCHIVING_FAILING, "WAL archiving is not working: " + why, status, Optional.empty()));
        }
        return Optional.of(new BackupStep.Advance(
                BackupStatusDraft.from(status)
                        .phase(phase)
                        .error(phase == BackupPhase.WAL_ARCHIVING_FAILING ? why : null)
                        .build(),
                notice,
                settings.pollInterval()));
    }
}
