package io.cairn.backup.barman;

import static io.cairn.backup.barman.BarmanObjectStoreExecutor.END_WAL_NOT_ARCHIVED;
import static io.cairn.backup.barman.BarmanObjectStoreExecutor.WAITING_FOR_END_WAL;
import static io.cairn.backup.barman.BarmanObjectStoreExecutor.status;
import static io.cairn.backup.barman.TargetElection.primary;

import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.backup.BackupRun;
import io.cairn.backup.BackupSettings;
import io.cairn.backup.BackupStatusDraft;
import io.cairn.backup.BackupStep;
import io.cairn.backup.BackupStep.Notice;
import io.cairn.instance.api.BackupJob;
import io.cairn.instance.api.InstanceStatus;
import io.cairn.instance.api.client.InstanceClient;
import io.cairn.instance.api.client.InstanceReply;
import java.time.Instant;
import java.util.Optional;

/**
 * A backup is restorable only once its last WAL file is archived. barman does not wait for it on a standby (only
 * the primary archives), so a standby's backup is {@code finalizing} until the primary's archiver has passed its
 * {@code endWal}: one WAL switch is asked of the primary, and after {@code cairn.backup.end-wal-archive-timeout}
 * (from {@code stoppedAt}) the backup fails.
 */
final class EndWalArchive {

    private final InstanceClient instances;
    private final BackupSettings settings;

    EndWalArchive(InstanceClient instances, BackupSettings settings) {
        this.instances = instances;
        this.settings = settings;
    }

    /** barman finished: completed from the primary or with the end WAL already archived, else finalizing. */
    BackupStep completedOrFinalizing(BackupRun run, BackupStatusDraft draft, BackupJob job) {
        String primary = primary(run.cluster());
        String endWal = job.backup().endWal();
        if (status(run.backup()).instanceID().podName().equals(primary) || endWal == null) {
            return new BackupStep.Completed(draft.phase(BackupPhase.COMPLETED).build(), Optional.of(job));
        }
        Optional<String> primaryIp = primaryIp(run);
        if (archived(primaryState(primaryIp), endWal)) {
            return new BackupStep.Completed(draft.phase(BackupPhase.COMPLETED).build(), Optional.of(job));
        }
        primaryIp.ifPresent(ip -> instances.walSwitch(ip, false));
        return new BackupStep.Advance(
                draft.phase(BackupPhase.FINALIZING).build(), notice(endWal, primary), settings.pollInterval());
    }

    /** {@code finalizing}: completed once archived, failed after the bound, else look again. */
    BackupStep await(BackupRun run) {
        BackupStatus status = status(run.backup());
        String primary = primary(run.cluster());
        InstanceReply<InstanceStatus> primaryState = primaryState(primaryIp(run));
        if (archived(primaryState, status.endWal())) {
            return new BackupStep.Completed(
                    BackupStatusDraft.from(status).phase(BackupPhase.COMPLETED).build(), finishedJob(run, status));
        }
        Instant deadline =
                Optional.ofNullable(status.stoppedAt()).orElse(run.now()).plus(settings.endWalArchiveTimeout());
        if (!run.now().isBefore(deadline)) {
            String last = primaryState.succeeded() && primaryState.value().archiver() != null
                    ? primaryState.value().archiver().lastArchivedWal()
                    : null;
            return new BackupStep.Failed(
                    END_WAL_NOT_ARCHIVED,
                    "the backup's last WAL file " + status.endWal()
                            + " was not archived by the primary " + primary + " within "
                            + settings.endWalArchiveTimeout().toSeconds() + "s (last archived: "
                            + (last == null ? "unknown" : last) + "), so the backup cannot be restored",
                    status,
                    Optional.empty());
        }
        return new BackupStep.Advance(status, notice(status.endWal(), primary), settings.pollInterval());
    }

    /** The job with its catalogue, asked again of the instance that ran it (gone if it restarted since). */
    private Optional<BackupJob> finishedJob(BackupRun run, BackupStatus status) {
        return InstancePods.named(run.pods(), status.instanceID().podName())
                .map(InstancePods::ip)
                .map(ip -> instances.backupJob(ip, BarmanObjectStoreExecutor.jobName(run.backup())))
                .filter(InstanceReply::succeeded)
                .map(InstanceReply::value);
    }

    private Optional<String> primaryIp(BackupRun run) {
        return InstancePods.named(run.pods(), primary(run.cluster())).map(InstancePods::ip);
    }

    private InstanceReply<InstanceStatus> primaryState(Optional<String> primaryIp) {
        return primaryIp.isPresent()
                ? instances.status(primaryIp.get())
                : InstanceReply.unreachable("the primary has no running pod");
    }

    private static Notice notice(String endWal, String primary) {
        return Notice.normal(
                WAITING_FOR_END_WAL,
                "waiting for the backup's last WAL file " + endWal + " to be archived by the primary " + primary
                        + " (a WAL switch was requested)");
    }

    private static boolean archived(InstanceReply<InstanceStatus> primary, String endWal) {
        return primary.succeeded()
                && primary.value().archiver() != null
                && WalFiles.archived(endWal, primary.value().archiver().lastArchivedWal());
    }
}
