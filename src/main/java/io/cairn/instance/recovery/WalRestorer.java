package io.cairn.instance.recovery;

import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.barman.BarmanCapabilities;
import io.cairn.instance.barman.BarmanConfigurationException;
import io.cairn.instance.barman.BarmanRestoreCommand;
import io.cairn.instance.process.CommandResult;
import io.cairn.instance.process.CommandRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code cairn wal-restore <walName> <destination>}, PostgreSQL's restore_command during a recovery bootstrap: fetches
 * one WAL file (or timeline history file) of the recovery source with barman-cloud-wal-restore. Exit 0 when the file
 * is at the destination; otherwise non-zero, which PostgreSQL reads as "not in the archive" — a normal answer at
 * the end of the archive and for history files that do not exist, so a missing file is not logged as an error.
 *
 * <p>With {@code wal.maxParallel = N > 1} a request for a segment that is not spooled also fetches the N-1 segments
 * after it, in parallel, into a spool directory; PostgreSQL's next requests are then answered from the spool by a
 * rename (CloudNativePG's parallel WAL restore). A file is spooled under a temporary name and renamed once barman
 * succeeded, so a failed download is never served.
 */
public final class WalRestorer {

    public static final int RESTORED = 0;
    public static final int NOT_RESTORED = 1;
    /** Above this PostgreSQL takes a restore_command failure as fatal and stops recovery with an error. */
    static final int MAX_EXIT = 125;

    static final Duration BARMAN_TIMEOUT = Duration.ofMinutes(10);

    /** The spool directory in the run directory: it lives as long as the pod (an emptyDir). */
    public static Path spoolDirectory(Path runDir) {
        return runDir.resolve("wal-restore-spool");
    }

    private final InstanceConfig config;
    private final String clusterName;
    private final Map<String, String> recoveryCredentials;
    private final Path workingDirectory;
    private final Path spool;
    private final BarmanCapabilities capabilities;
    private final CommandRunner runner;
    private final PrintStream log;

    /**
     * @param clusterName this cluster's name: the default server name of its own archive
     * @param recoveryCredentials the recovery source's variables
     *     ({@link io.cairn.instance.config.InstanceEnvironment#recoveryEnvironment})
     * @param workingDirectory PGDATA: PostgreSQL's {@code %p} is relative to it
     * @param spool where prefetched segments wait for PostgreSQL's request (created when needed)
     */
    public WalRestorer(
            InstanceConfig config,
            String clusterName,
            Map<String, String> recoveryCredentials,
            Path workingDirectory,
            Path spool,
            BarmanCapabilities capabilities,
            CommandRunner runner,
            PrintStream log) {
        this.spool = spool;
        this.config = config;
        this.clusterName = clusterName;
        this.recoveryCredentials = recoveryCredentials;
        this.workingDirectory = workingDirectory;
        this.capabilities = capabilities;
        this.runner = runner;
        this.log = log;
    }

    public int restore(String walName, String destination) {
        Optional<Source> source = source(walName);
        if (source.isEmpty()) {
            return NOT_RESTORED;
        }
        BarmanRestoreCommand barman;
        try {
            barman = BarmanRestoreCommand.of(source.get().store(), source.get().serverName(), capabilities);
        } catch (BarmanConfigurationException e) {
            log.printf("cairn wal-restore: %s%n", e.getMessage());
            return NOT_RESTORED;
        }
        Map<String, String> credentials = source.get().credentials();
        Path target = workingDirectory.resolve(destination);
        if (fromSpool(walName, target)) {
            log.printf("cairn wal-restore: %s restored (prefetched)%n", walName);
            return RESTORED;
        }
        List<String> prefetch = WalSegmentName.isSegment(walName)
                ? WalSegmentName.following(walName, maxParallel(source.get().store()) - 1)
                : List.of();
        CommandResult result = prefetch.isEmpty()
                ? fetch(barman, credentials, walName, destination)
                : fetchWithPrefetch(barman, credentials, walName, destination, prefetch);
        if (result.succeeded()) {
            log.printf("cairn wal-restore: %s restored%n", walName);
            return RESTORED;
        }
        if (result.exitCode() != 1) {
            // 1 is barman's "no such file"; anything else is worth a line in PostgreSQL's log
            log.printf(
                    "cairn wal-restore: %s: barman-cloud-wal-restore exited with %d: %s%n",
                    walName, result.exitCode(), result.lastLines(3));
        }
        return exitCode(result.exitCode());
    }

    /**
     * The archive WAL comes from, with the variables barman reads it with: a recovering instance reads its
     * recovery source with that source's credentials only; a standby reads its own cluster's archive with the pod's
     * own credentials (as CloudNativePG's replicas do, to catch up when the primary no longer has the WAL).
     */
    private Optional<Source> source(String walName) {
        InstanceConfig.Recovery recovery =
                config.bootstrap() == null ? null : config.bootstrap().recovery();
        if (recovery != null) {
            if (recovery.barmanObjectStore() == null) {
                // a recovery from a VolumeSnapshot without a WAL archive: the WAL in the snapshot is all there is
                log.printf("cairn wal-restore: the recovery has no WAL archive; %s not restored%n", walName);
                return Optional.empty();
            }
            return Optional.of(new Source(recovery.barmanObjectStore(), recovery.serverName(), recoveryCredentials));
        }
        InstanceConfig.Archive archive = config.archive();
        if (archive == null || archive.barmanObjectStore() == null || archive.refusal() != null) {
            log.printf(
                    "cairn wal-restore: no recovery source and no WAL archive in the instance configuration; "
                            + "%s not restored%n",
                    walName);
            return Optional.empty();
        }
        return Optional.of(new Source(archive.barmanObjectStore(), archive.effectiveServerName(clusterName), Map.of()));
    }

    private record Source(BarmanObjectStoreConfiguration store, String serverName, Map<String, String> credentials) {}

    private CommandResult fetch(
            BarmanRestoreCommand barman, Map<String, String> credentials, String walName, String destination) {
        return runner.run(barman.walRestore(walName, destination), credentials, workingDirectory, null, BARMAN_TIMEOUT);
    }

    /** The requested segment to its destination and the following ones into the spool, all at once. */
    private CommandResult fetchWithPrefetch(
            BarmanRestoreCommand barman,
            Map<String, String> credentials,
            String walName,
            String destination,
            List<String> prefetch) {
        try {
            Files.createDirectories(spool);
        } catch (IOException e) {
            log.printf("cairn wal-restore: no prefetch, cannot create %s: %s%n", spool, e.getMessage());
            return fetch(barman, credentials, walName, destination);
        }
        ExecutorService pool = Executors.newFixedThreadPool(prefetch.size());
        try {
            List<Future<?>> spooled = new ArrayList<>();
            for (String next : prefetch) {
                spooled.add(pool.submit(() -> spoolOne(barman, credentials, next)));
            }
            CommandResult requested = fetch(barman, credentials, walName, destination);
            for (Future<?> future : spooled) {
                future.get();
            }
            return requested;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult(-1, "", "interrupted");
        } catch (ExecutionException e) {
            log.printf("cairn wal-restore: prefetch failed: %s%n", e.getCause());
            return fetch(barman, credentials, walName, destination);
        } finally {
            pool.shutdownNow();
        }
    }

    private void spoolOne(BarmanRestoreCommand barman, Map<String, String> credentials, String walName) {
        Path spooled = spool.resolve(walName);
        if (Files.exists(spooled)) {
            return;
        }
        Path partial = spool.resolve(walName + ".partial-download");
        CommandResult result = runner.run(
                barman.walRestore(walName, partial.toString()), credentials, workingDirectory, null, BARMAN_TIMEOUT);
        try {
            if (result.succeeded() && Files.exists(partial)) {
                Files.move(partial, spooled, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean fromSpool(String walName, Path target) {
        Path spooled = spool.resolve(walName);
        if (!Files.exists(spooled)) {
            return false;
        }
        try {
            Files.move(spooled, target, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            log.printf("cairn wal-restore: cannot use the prefetched %s: %s%n", walName, e.getMessage());
            return false;
        }
    }

    private static int maxParallel(BarmanObjectStoreConfiguration store) {
        var wal = store.wal();
        return wal == null || wal.maxParallel() == null ? 1 : Math.max(1, wal.maxParallel());
    }

    static int exitCode(int barmanExit) {
        return barmanExit >= 1 && barmanExit <= MAX_EXIT ? barmanExit : NOT_RESTORED;
    }
}
