package io.cairn.instance.backup;

import io.cairn.instance.api.BackupJob;
import io.cairn.instance.api.BackupRequest;
import io.cairn.instance.api.BarmanBackupInfo;
import io.cairn.instance.barman.BarmanBackupCommand;
import io.cairn.instance.barman.BarmanBackupJson;
import io.cairn.instance.barman.BarmanErrorOutput;
import io.cairn.instance.process.CommandResult;
import io.cairn.instance.process.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Runs one accepted backup job to its end, synchronously: barman-cloud-backup, then (on success)
 * barman-cloud-backup-show, then, success or failure, retention with barman-cloud-backup-delete and the final
 * catalog with barman-cloud-backup-list. Every barman command gets the instance manager's environment (the store's
 * credentials) plus {@code TZ=UTC} (backup IDs and JSON times in UTC), {@code TMPDIR} and {@code PGHOST}/{@code PGPORT}
 * (the Unix socket), so the command line stays CloudNativePG's.
 */
final class BackupExecution {

    private static final Logger LOG = Logger.getLogger(BackupExecution.class);
    /** A base backup may take hours; a stuck one must not hold the one backup slot forever. */
    static final Duration BACKUP_TIMEOUT = Duration.ofHours(24);

    static final Duration CATALOG_TIMEOUT = Duration.ofMinutes(10);
    static final int INVALID_ARGUMENTS = 3;
    static final String INVALID_ARGUMENTS_MESSAGE = "invalid arguments for barman-cloud-backup. Ensure that the "
            + "additionalCommandArgs field is correctly populated";

    private final CommandRunner runner;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final Path tmpDirectory;
    private final Clock clock;

    /**
     * @param socketDirectory PostgreSQL's Unix socket directory (the run directory)
     * @param tmpDirectory barman's TMPDIR
     */
    BackupExecution(CommandRunner runner, Path socketDirectory, int port, Path tmpDirectory, Clock clock) {
        this.runner = runner;
        this.environment = Map.of(
                "TZ",
                "UTC",
                "TMPDIR",
                tmpDirectory.toString(),
                "PGHOST",
                socketDirectory.toString(),
                "PGPORT",
                Integer.toString(port));
        this.workingDirectory = socketDirectory;
        this.tmpDirectory = tmpDirectory;
        this.clock = clock;
    }

    /** Creates barman's TMPDIR (0700) if needed. */
    void prepare() {
        try {
            if (!Files.isDirectory(tmpDirectory)) {
                Files.createDirectories(
                        tmpDirectory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create barman's TMPDIR " + tmpDirectory, e);
        }
    }

    /**
     * @param accepted the job as accepted (RUNNING)
     * @param barman the commands for the request's store and server
     * @param barmanPolicy the retention policy in barman's words, null for none
     * @param interruption why barman was killed (the instance manager shuts down, the operator cancelled the job),
     *     else null: once it says why, nothing more runs
     */
    BackupJob run(
            BackupJob accepted,
            BackupRequest request,
            BarmanBackupCommand barman,
            String barmanPolicy,
            Supplier<String> interruption) {
        List<String> command = barman.backup(request.barmanName());
        LOG.infof("backup %s: %s", request.backupName(), String.join(" ", command));
        CommandResult backup = runner.run(command, environment, workingDirectory, null, BACKUP_TIMEOUT);
        String interrupted = interruption.get();
        if (interrupted != null) {
            LOG.warnf("backup %s: %s", request.backupName(), interrupted);
            return new BackupJob(
                    accepted.backupName(),
                    accepted.sessionId(),
                    BackupJob.Phase.FAILED,
                    accepted.barmanName(),
                    accepted.acceptedAt(),
                    OffsetDateTime.now(clock),
                    interrupted,
                    null,
                    null,
                    "not listed: " + interrupted,
                    null);
        }
        BackupJob.Phase phase;
        String error = null;
        BarmanBackupInfo info = null;
        if (backup.succeeded()) {
            try {
                info = show(barman, request);
                phase = BackupJob.Phase.COMPLETED;
            } catch (BarmanCommandException e) {
                phase = BackupJob.Phase.FAILED;
                error = "barman-cloud-backup succeeded but its result cannot be read: " + e.getMessage();
            }
        } else {
            phase = BackupJob.Phase.FAILED;
            error = backupFailure(backup);
        }
        OffsetDateTime finishedAt = OffsetDateTime.now(clock);
        LOG.infof(
                "backup %s: %s%s",
                request.backupName(), phase, error == null ? " (" + info.backupId() + ")" : ": " + error);

        Catalog before = barmanPolicy == null ? null : catalog(barman);
        CommandResult delete = barmanPolicy == null
                ? null
                : runner.run(barman.deleteObsolete(barmanPolicy), environment, workingDirectory, null, CATALOG_TIMEOUT);
        Catalog after = catalog(barman);
        BackupJob.Retention retention =
                barmanPolicy == null ? null : retention(request.retentionPolicy(), before, delete, after);
        if (retention != null) {
            LOG.infof(
                    "backup %s: retention %s removed %s%s",
                    request.backupName(),
                    barmanPolicy,
                    retention.removedBackupIds(),
                    retention.error() == null ? "" : "; " + retention.error());
        }
        List<BarmanBackupInfo> catalog = after.backups();
        String catalogError = after.error();
        return new BackupJob(
                accepted.backupName(),
                accepted.sessionId(),
                phase,
                accepted.barmanName(),
                accepted.acceptedAt(),
                finishedAt,
                error,
                info,
                catalog,
                catalogError,
                retention);
    }

    private BarmanBackupInfo show(BarmanBackupCommand barman, BackupRequest request) {
        CommandResult show =
                runner.run(barman.show(request.barmanName()), environment, workingDirectory, null, CATALOG_TIMEOUT);
        if (!show.succeeded()) {
            throw new BarmanCommandException("barman-cloud-backup-show exited with " + show.exitCode() + ": "
                    + BarmanErrorOutput.meaningful(show.stderr()));
        }
        BarmanBackupInfo info;
        try {
            info = BarmanBackupJson.show(show.stdout());
        } catch (IllegalArgumentException e) {
            throw new BarmanCommandException(e.getMessage());
        }
        return withCompression(info, request);
    }

    /** barman 3.4 reports compression None even for a compressed backup; the request says what was asked. */
    private static BarmanBackupInfo withCompression(BarmanBackupInfo info, BackupRequest request) {
        var data = request.barmanObjectStore().data();
        if (info.compression() != null || data == null || data.compression() == null) {
            return info;
        }
        return new BarmanBackupInfo(
                info.backupId(),
                info.backupName(),
                info.status(),
                info.beginTime(),
                info.endTime(),
                info.beginWal(),
                info.endWal(),
                info.beginLsn(),
                info.endLsn(),
                info.timeline(),
                info.version(),
                data.compression().name().toLowerCase(Locale.ROOT),
                info.size(),
                info.error());
    }

    private record Catalog(List<BarmanBackupInfo> backups, String error) {}

    private Catalog catalog(BarmanBackupCommand barman) {
        CommandResult list = runner.run(barman.list(), environment, workingDirectory, null, CATALOG_TIMEOUT);
        if (!list.succeeded()) {
            return new Catalog(
                    null,
                    "barman-cloud-backup-list exited with " + list.exitCode() + ": "
                            + BarmanErrorOutput.meaningful(list.stderr()));
        }
        try {
            return new Catalog(BarmanBackupJson.list(list.stdout()), null);
        } catch (IllegalArgumentException e) {
            return new Catalog(null, e.getMessage());
        }
    }

    /** What barman-cloud-backup-delete did: the IDs the catalog lost (none when a listing failed), and its error. */
    private static BackupJob.Retention retention(String policy, Catalog before, CommandResult delete, Catalog after) {
        List<String> removed = before.backups() == null || after.backups() == null
                ? List.of()
                : removed(before.backups(), after.backups());
        String error = delete.succeeded()
                ? null
                : "barman-cloud-backup-delete exited with " + delete.exitCode() + ": "
                        + BarmanErrorOutput.meaningful(delete.stderr() + "\n" + delete.stdout());
        return new BackupJob.Retention(policy, removed, error);
    }

    static List<String> removed(List<BarmanBackupInfo> before, List<BarmanBackupInfo> after) {
        Set<String> kept = after.stream().map(BarmanBackupInfo::backupId).collect(Collectors.toSet());
        return before.stream()
                .map(BarmanBackupInfo::backupId)
                .filter(id -> !kept.contains(id))
                .toList();
    }

    private static String backupFailure(CommandResult backup) {
        String meaningful = BarmanErrorOutput.meaningful(backup.stderr());
        if (backup.exitCode() == INVALID_ARGUMENTS) {
            return meaningful.isEmpty()
                    ? INVALID_ARGUMENTS_MESSAGE
                    : INVALID_ARGUMENTS_MESSAGE + " (" + meaningful + ")";
        }
        return meaningful.isEmpty() ? "barman-cloud-backup exited with " + backup.exitCode() : meaningful;
    }

    private static final class BarmanCommandException extends RuntimeException {
        BarmanCommandException(String message) {
            super(message);
        }
    }
}
