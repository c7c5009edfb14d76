package io.cairn.instance.archive;

import io.cairn.instance.api.ArchiveResult;
import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.barman.BarmanCapabilities;
import io.cairn.instance.barman.BarmanConfigurationException;
import io.cairn.instance.barman.BarmanWalArchiveCommand;
import io.cairn.instance.config.InstanceEnvironment;
import io.cairn.instance.postgres.DataDirectory;
import io.cairn.instance.process.CommandResult;
import io.cairn.instance.process.CommandRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code cairn wal-archive <path>}, PostgreSQL's archive_command: archives the WAL file PostgreSQL asks for with
 * barman-cloud-wal-archive and, with {@code wal.maxParallel = N > 1}, up to N-1 further files waiting in
 * {@code pg_wal/archive_status} in parallel, marking those {@code .done}. Before the first WAL of a new cluster it
 * requires an empty archive; an archive the operator refuses ({@code archive.refusal}) fails at once with its reason.
 * Every result goes to the instance manager. Exit code: {@link #ARCHIVED} only when the
 * requested file is in the object store.
 */
public final class WalArchiver {

    public static final int ARCHIVED = 0;
    public static final int FAILED = 1;
    /** Per barman call; a stuck upload must not block PostgreSQL's archiver forever. */
    static final Duration BARMAN_TIMEOUT = Duration.ofMinutes(10);

    private final InstanceEnvironment env;
    private final InstanceConfig config;
    private final BarmanCapabilities capabilities;
    private final CommandRunner runner;
    private final ArchiveResultReporter reporter;
    private final Clock clock;
    private final PrintStream log;

    public WalArchiver(
            InstanceEnvironment env,
            InstanceConfig config,
            BarmanCapabilities capabilities,
            CommandRunner runner,
            ArchiveResultReporter reporter,
            Clock clock,
            PrintStream log) {
        this.env = env;
        this.config = config;
        this.capabilities = capabilities;
        this.runner = runner;
        this.reporter = reporter;
        this.clock = clock;
        this.log = log;
    }

    /** @param walPathArgument PostgreSQL's {@code %p}: a path relative to PGDATA, e.g. {@code pg_wal/0000...} */
    public int archive(String walPathArgument) {
        Path walPath = env.pgData().resolve(walPathArgument);
        String walName = walPath.getFileName().toString();
        if (config.archive() == null) {
            log.printf("cairn wal-archive: no object store configured; %s is not archived%n", walName);
            return ARCHIVED;
        }
        Instant start = clock.instant();
        if (config.archive().refusal() != null) {
            return fail(
                    walName, start, "Refusing to archive: " + config.archive().refusal());
        }
        BarmanWalArchiveCommand barman;
        try {
            barman = BarmanWalArchiveCommand.of(
                    config.archive().barmanObjectStore(),
                    config.archive().effectiveServerName(env.clusterName()),
                    capabilities);
        } catch (BarmanConfigurationException e) {
            return fail(walName, start, e.getMessage());
        }

        DataDirectory data = new DataDirectory(env.pgData());
        boolean checkEmpty = data.has(DataDirectory.CHECK_EMPTY_WAL_ARCHIVE)
                && !Boolean.TRUE.equals(config.archive().skipEmptyWalArchiveCheck());
        if (checkEmpty) {
            CommandResult check = runner.run(barman.checkEmpty(), Map.of(), env.pgData(), null, BARMAN_TIMEOUT);
            if (!check.succeeded()) {
                return fail(walName, start, checkFailure(check));
            }
        }

        ArchiveStatusDirectory status = new ArchiveStatusDirectory(data.archiveStatus());
        List<String> names = new ArrayList<>();
        names.add(walName);
        names.addAll(status.ready(walName, maxParallel() - 1));
        List<ArchiveResult> results = archiveAll(barman, walPath.getParent(), names);

        for (ArchiveResult result : results.subList(1, results.size())) {
            if (result.success()) {
                status.markDone(result.walName());
            }
        }
        ArchiveResult requested = results.get(0);
        if (requested.success() && checkEmpty) {
            data.remove(DataDirectory.CHECK_EMPTY_WAL_ARCHIVE);
        }
        results.forEach(this::logResult);
        reporter.report(results);
        return requested.success() ? ARCHIVED : FAILED;
    }

    private int maxParallel() {
        var wal = config.archive().barmanObjectStore().wal();
        return wal == null || wal.maxParallel() == null ? 1 : Math.max(1, wal.maxParallel());
    }

    private List<ArchiveResult> archiveAll(BarmanWalArchiveCommand barman, Path walDirectory, List<String> names) {
        if (names.size() == 1) {
            return List.of(archiveOne(barman, walDirectory.resolve(names.get(0)), true));
        }
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        try {
            List<Future<ArchiveResult>> futures = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                Path file = walDirectory.resolve(names.get(i));
                boolean requested = i == 0;
                futures.add(pool.submit(() -> archiveOne(barman, file, requested)));
            }
            List<ArchiveResult> results = new ArrayList<>();
            for (Future<ArchiveResult> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while archiving", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private ArchiveResult archiveOne(BarmanWalArchiveCommand barman, Path file, boolean requested) {
        Instant started = clock.instant();
        CommandResult result = runner.run(barman.archive(file), Map.of(), env.pgData(), null, BARMAN_TIMEOUT);
        Instant finished = clock.instant();
        String message = result.succeeded()
                ? "archived in " + Duration.between(started, finished).toMillis() + " ms"
                : "barman-cloud-wal-archive exited with " + result.exitCode() + ": " + result.lastLines(3);
        return new ArchiveResult(
                file.getFileName().toString(), result.succeeded(), message, started, finished, requested);
    }

    private String checkFailure(CommandResult check) {
        String destination = config.archive().barmanObjectStore().destinationPath() + " (server "
                + config.archive().effectiveServerName(env.clusterName()) + ")";
        if (check.exitCode() == 1 && check.lastLines(3).contains("Expected empty archive")) {
            return "Refusing to archive: the WAL archive " + destination + " already holds WAL of another cluster "
                    + "or an earlier life of this one, and this cluster is new. Give the cluster an unused "
                    + "serverName or destinationPath (or skip the check on purpose). barman: " + check.lastLines(2);
        }
        return "Cannot check that the WAL archive " + destination + " is empty: barman-cloud-check-wal-archive "
                + "exited with " + check.exitCode() + ": " + check.lastLines(3);
    }

    private int fail(String walName, Instant start, String message) {
        ArchiveResult result = new ArchiveResult(walName, false, message, start, clock.instant(), true);
        logResult(result);
        reporter.report(List.of(result));
        return FAILED;
    }

    private void logResult(ArchiveResult result) {
        log.printf(
                "cairn wal-archive: %s %s%s: %s%n",
                result.walName(),
                result.success() ? "archived" : "FAILED",
                result.requested() ? "" : " (parallel)",
                result.message());
    }
}
