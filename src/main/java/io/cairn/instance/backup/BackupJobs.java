package io.cairn.instance.backup;

import io.cairn.instance.api.BackupJob;
import io.cairn.instance.api.BackupRequest;
import io.cairn.instance.barman.BarmanBackupCommand;
import io.cairn.instance.barman.BarmanCapabilities;
import io.cairn.instance.barman.BarmanConfigurationException;
import io.cairn.instance.barman.BarmanRetentionPolicy;
import io.cairn.instance.process.CommandRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The backup jobs of this instance manager session, in memory: at most one runs at a time, each is known by its
 * {@code backupName} (the idempotency key), and a restart forgets them all (a new {@code sessionId} tells the
 * operator so). {@link #close} kills a running barman and waits for the job to end.
 */
public final class BackupJobs implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BackupJobs.class);
    /** Finished jobs kept for GET; older ones are forgotten first. */
    static final int KEPT_JOBS = 100;

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    public enum Outcome {
        /** A new job was accepted and runs in the background (HTTP 202). */
        STARTED,
        /** A job with this backupName exists: it is returned as it is (HTTP 200). */
        EXISTING,
        /** Another backup is running (HTTP 409, {@code ANOTHER_BACKUP_IN_PROGRESS}). */
        CONFLICT,
        /** The request cannot be run; {@code message} says why (HTTP 400). */
        INVALID
    }

    /** The answer to a submission: the job (for STARTED, EXISTING, CONFLICT: the running one) and a message. */
    public record Submission(Outcome outcome, BackupJob job, String message) {}

    /** Counters for /metrics. */
    public record Counts(int running, long completed, long failed) {}

    private final String sessionId;
    private final BackupExecution execution;
    private final BarmanCapabilities capabilities;
    private final Clock clock;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "backup-job");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, BackupJob> jobs = new LinkedHashMap<>();
    private String running;
    /** The thread running the current job, once it started. */
    private Thread worker;
    /** The running job the operator cancelled, if any. */
    private String cancelled;

    private long completed;
    private long failed;
    private volatile boolean stopping;

    BackupJobs(String sessionId, BackupExecution execution, BarmanCapabilities capabilities, Clock clock) {
        this.sessionId = sessionId;
        this.execution = execution;
        this.capabilities = capabilities;
        this.clock = clock;
    }

    /**
     * @param runDir the run directory: PostgreSQL's socket directory, and {@code backup/} under it is barman's TMPDIR
     */
    public static BackupJobs create(
            String sessionId,
            CommandRunner runner,
            Path runDir,
            int pgPort,
            BarmanCapabilities capabilities,
            Clock clock) {
        return new BackupJobs(
                sessionId,
                new BackupExecution(runner, runDir, pgPort, runDir.resolve("backup"), clock),
                capabilities,
                clock);
    }

    public synchronized Submission submit(BackupRequest request) {
        if (request == null || blank(request.backupName())) {
            return invalid("backupName is required");
        }
        BackupJob existing = jobs.get(request.backupName());
        if (existing != null) {
            return new Submission(Outcome.EXISTING, existing, null);
        }
        if (stopping) {
            return invalid("the instance manager is shutting down");
        }
        BarmanBackupCommand barman;
        String barmanPolicy;
        try {
            barman = validated(request);
            barmanPolicy = request.retentionPolicy() == null
                            || request.retentionPolicy().isEmpty()
                    ? null
                    : BarmanRetentionPolicy.recoveryWindow(request.retentionPolicy());
        } catch (BarmanConfigurationException e) {
            return invalid(e.getMessage());
        }
        if (running != null) {
            return new Submission(
                    Outcome.CONFLICT, jobs.get(running), "backup " + running + " is still running on this instance");
        }
        BackupJob accepted = new BackupJob(
                request.backupName(),
                sessionId,
                BackupJob.Phase.RUNNING,
                request.barmanName(),
                OffsetDateTime.now(clock),
                null,
                null,
                null,
                null,
                null,
                null);
        jobs.put(request.backupName(), accepted);
        running = request.backupName();
        forgetOldJobs();
        executor.execute(() -> runJob(accepted, request, barman, barmanPolicy));
        return new Submission(Outcome.STARTED, accepted, null);
    }

    private BarmanBackupCommand validated(BackupRequest request) {
        if (blank(request.barmanName())) {
            throw new BarmanConfigurationException("barmanName is required");
        }
        if (request.barmanObjectStore() == null) {
            throw new BarmanConfigurationException("barmanObjectStore is required");
        }
        if (blank(request.serverName())) {
            throw new BarmanConfigurationException("serverName is required");
        }
        BarmanBackupCommand barman =
                BarmanBackupCommand.of(request.barmanObjectStore(), request.serverName(), capabilities);
        barman.backup(request.barmanName());
        return barman;
    }

    private void runJob(BackupJob accepted, BackupRequest request, BarmanBackupCommand barman, String policy) {
        BackupJob finished;
        synchronized (this) {
            worker = Thread.currentThread();
            if (accepted.backupName().equals(cancelled)) {
                worker.interrupt(); // cancelled before it ran: barman is stopped as soon as it starts
            }
        }
        try {
            execution.prepare();
            finished = execution.run(accepted, request, barman, policy, () -> interruption(accepted.backupName()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "backup %s failed unexpectedly", request.backupName());
            finished = new BackupJob(
                    accepted.backupName(),
                    sessionId,
                    BackupJob.Phase.FAILED,
                    accepted.barmanName(),
                    accepted.acceptedAt(),
                    OffsetDateTime.now(clock),
                    "the instance manager failed to run the " + "backup: " + e.getMessage(),
                    null,
                    null,
                    null,
                    null);
        }
        synchronized (this) {
            jobs.put(accepted.backupName(), finished);
            running = null;
            worker = null;
            cancelled = null;
            Thread.interrupted(); // a cancel that came after barman ended must not touch the next job
            if (finished.phase() == BackupJob.Phase.COMPLETED) {
                completed++;
            } else {
                failed++;
            }
        }
    }

    public synchronized Optional<BackupJob> get(String backupName) {
        return Optional.ofNullable(jobs.get(backupName));
    }

    /**
     * Stops the named job's barman-cloud-backup if it is the running one (its process tree is killed; the job then
     * ends failed, "cancelled by the operator"); a finished job is left as it is. Returns the job as it stands, empty
     * when this session never ran it.
     */
    public synchronized Optional<BackupJob> cancel(String backupName) {
        BackupJob job = jobs.get(backupName);
        if (job != null && backupName.equals(running) && !backupName.equals(cancelled)) {
            LOG.warnf("backup %s: cancelled by the operator", backupName);
            cancelled = backupName;
            if (worker != null) {
                worker.interrupt();
            }
        }
        return Optional.ofNullable(job);
    }

    private synchronized String interruption(String backupName) {
        if (stopping) {
            return "interrupted: the instance manager stopped during the backup";
        }
        return backupName.equals(cancelled) ? "cancelled by the operator" : null;
    }

    public synchronized Counts counts() {
        return new Counts(running == null ? 0 : 1, completed, failed);
    }

    /** Kills a running barman (its process tree) and waits for its job to be recorded as failed. */
    @Override
    public void close() {
        stopping = true;
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("a backup job did not end in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forgetOldJobs() {
        Iterator<Map.Entry<String, BackupJob>> oldest = jobs.entrySet().iterator();
        while (jobs.size() > KEPT_JOBS && oldest.hasNext()) {
            if (!oldest.next().getKey().equals(running)) {
                oldest.remove();
            }
        }
    }

    private static Submission invalid(String message) {
        return new Submission(Outcome.INVALID, null, message);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
