package io.cairn.instance.postgres;

import io.cairn.instance.api.BarmanBackupInfo;
import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.api.InstanceEnvironmentVariables;
import io.cairn.instance.api.RecoveryTargetTime;
import io.cairn.instance.barman.BarmanCapabilities;
import io.cairn.instance.barman.BarmanConfigurationException;
import io.cairn.instance.barman.BarmanRestoreCommand;
import io.cairn.instance.config.InstanceEnvironment;
import io.cairn.instance.process.CommandResult;
import io.cairn.instance.process.CommandRunner;
import io.cairn.instance.recovery.BarmanBackupList;
import io.cairn.instance.recovery.CatalogueSelection;
import io.cairn.instance.recovery.RecoveryException;
import io.cairn.instance.recovery.WalRestorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Fills an empty PGDATA from a recovery source (CloudNativePG's {@code bootstrap.recovery}): chooses the base
 * backup from the source's catalogue, restores it with barman-cloud-restore, runs PostgreSQL with
 * {@code restore_command = cairn wal-restore %f %p}, the recovery targets and archiving off until it promotes, then
 * stops it and leaves a PGDATA that starts as a primary with the regular configuration (archiving to the cluster's
 * own store). It runs inside {@link Bootstrapper}'s marker, so a recovery cut short is wiped and done again.
 * From a VolumeSnapshot the base is already on the volume: it is prepared in place instead of restored, and never
 * wiped ({@link #runFromSnapshot}).
 */
public final class RecoveryBootstrap {

    private static final Logger LOG = Logger.getLogger(RecoveryBootstrap.class);
    private static final Duration LIST_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RESTORE_TIMEOUT = Duration.ofHours(12);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
    static final String AUTO_CONF = RestoredSnapshot.AUTO_CONF;
    static final String RECOVERY_SIGNAL = "recovery.signal";

    private final InstanceEnvironment env;
    private final InstanceConfig.Recovery recovery;
    private final PostgresBinaries binaries;
    private final CommandRunner runner;
    private final PostgresClient postgres;
    private final Map<String, String> configurationFiles;
    private final String restoreCommand;
    private final DataDirectory data;

    /**
     * @param configurationFiles the regular configuration files (postgresql.conf...), as the normal start writes them
     * @param restoreCommand the shell command line of restore_command, with {@code %f} and {@code %p}
     */
    public RecoveryBootstrap(
            InstanceEnvironment env,
            InstanceConfig.Recovery recovery,
            PostgresBinaries binaries,
            CommandRunner runner,
            PostgresClient postgres,
            Map<String, String> configurationFiles,
            String restoreCommand) {
        this.env = env;
        this.recovery = recovery;
        this.binaries = binaries;
        this.runner = runner;
        this.postgres = postgres;
        this.configurationFiles = configurationFiles;
        this.restoreCommand = restoreCommand;
        this.data = new DataDirectory(env.pgData());
    }

    /**
     * @return false if it gave up because a stop was requested
     * @throws RecoveryException when the configuration cannot be recovered (no such backup, target not reached)
     * @throws IllegalStateException when a barman command failed (perhaps for a while: a restart tries again)
     */
    public boolean run(BooleanSupplier stopRequested) {
        BarmanRestoreCommand barman;
        try {
            barman = BarmanRestoreCommand.of(
                    recovery.barmanObjectStore(), recovery.serverName(), BarmanCapabilities.BARMAN_3_4);
        } catch (BarmanConfigurationException e) {
            throw new RecoveryException(e.getMessage(), e);
        }
        Map<String, String> credentials = env.recoveryEnvironment();
        BarmanBackupInfo backup = chooseBackup(barman, credentials);
        LOG.infof(
                "recovery: restoring backup %s of %s (server %s, ended %s, timeline %s)",
                backup.backupId(),
                recovery.barmanObjectStore().destinationPath(),
                recovery.serverName(),
                backup.endTime(),
                backup.timeline());
        CommandResult restored = runner.run(
                barman.restore(backup.backupId(), env.pgData().toString()), credentials, null, null, RESTORE_TIMEOUT);
        if (!restored.succeeded()) {
            throw new IllegalStateException("barman-cloud-restore of " + backup.backupId() + " exited with "
                    + restored.exitCode() + ": " + restored.lastLines(3));
        }
        prepareDataDirectory();
        writeRecoveryConfiguration(new RestoredSnapshot(env).inheritedAutoConf());
        return replayAndPromote(stopRequested);
    }

    /**
     * Prepares PGDATA restored from a VolumeSnapshot (once: a marker beside PGDATA records it for this restore),
     * then replays and promotes like {@link #run}. It never wipes: the volume holds the only copy of the snapshot's
     * data. A restart in the middle resumes the replay; one after the end does nothing.
     *
     * @return false if it gave up because a stop was requested
     * @throws RecoveryException when the restored volume cannot be used (empty, pg_wal on a volume not restored)
     */
    public boolean runFromSnapshot(BooleanSupplier stopRequested) {
        InstanceConfig.SnapshotBase base = recovery.volumeSnapshot();
        RestoredSnapshot restored = new RestoredSnapshot(env);
        if (restored.isDone(base)) {
            LOG.infof("%s was restored from snapshot %s already", env.pgData(), base.snapshot());
            return true;
        }
        if (!restored.isPrepared(base)) {
            LOG.infof(
                    "recovery: preparing %s restored from the %s snapshot %s",
                    env.pgData(), base.online() ? "hot" : "cold", base.snapshot());
            restored.prepare(base, RECOVERY_SIGNAL);
            writeRecoveryConfiguration(restored.inheritedAutoConf());
            restored.markPrepared(base);
        }
        if (!replayAndPromote(stopRequested)) {
            return false;
        }
        restored.markDone(base);
        return true;
    }

    /**
     * Replays with the recovery configuration written, until PostgreSQL promotes, then leaves a PGDATA that starts as
     * a primary with the regular configuration (archiving to the cluster's own store). When the recovery settings
     * were already removed (a restart after the promotion), only the last steps are done again.
     */
    private boolean replayAndPromote(BooleanSupplier stopRequested) {
        // segments prefetched for an earlier attempt may come from another source or backup
        Bootstrapper.wipe(WalRestorer.spoolDirectory(env.runDir()));
        String autoConf = readAutoConf();
        if (autoConf.contains(RECOVERY_SETTINGS_HEADER) && !replayUntilPromoted(stopRequested)) {
            return false;
        }
        write(env.pgData().resolve(AUTO_CONF), withoutRecoverySettings(autoConf));
        data.remove(RECOVERY_SIGNAL);
        markNewHistoryFilesReady();
        data.create(DataDirectory.CHECK_EMPTY_WAL_ARCHIVE);
        data.create(DataDirectory.POST_INIT_PENDING);
        LOG.info("recovery: done; starting as the primary of the recovered cluster");
        return true;
    }

    static final String RECOVERY_SETTINGS_HEADER =
            "# Cairn: recovery settings, removed once the recovered cluster " + "is promoted";

    /** postgresql.auto.conf up to the recovery settings Cairn appended. */
    static String withoutRecoverySettings(String autoConf) {
        int start = autoConf.indexOf(RECOVERY_SETTINGS_HEADER);
        return start < 0 ? autoConf : autoConf.substring(0, start);
    }

    private String readAutoConf() {
        try {
            Path file = env.pgData().resolve(AUTO_CONF);
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BarmanBackupInfo chooseBackup(BarmanRestoreCommand barman, Map<String, String> credentials) {
        CommandResult list = runner.run(barman.backupList(), credentials, null, null, LIST_TIMEOUT);
        if (!list.succeeded()) {
            throw new IllegalStateException(
                    "barman-cloud-backup-list exited with " + list.exitCode() + ": " + list.lastLines(3));
        }
        CatalogueSelection selection = new CatalogueSelection(
                recovery.backupId(),
                recovery.targetTime() == null ? null : RecoveryTargetTime.parse(recovery.targetTime()),
                recovery.targetLSN(),
                recovery.targetTLI());
        return BarmanBackupList.parse(list.stdout()).select(selection);
    }

    /** Mode 0700 (barman does not set it), the files of the source's life removed, pg_wal on PGWAL if any. */
    private void prepareDataDirectory() {
        Path pgData = env.pgData();
        try {
            RestoredSnapshot.removeTheSourcesLife(pgData);
            Path pgWal = pgData.resolve("pg_wal");
            if (env.walDir().isPresent()) {
                Path walDir = env.walDir().get();
                Files.createDirectories(walDir);
                if (Files.isDirectory(pgWal) && !Files.isSymbolicLink(pgWal)) {
                    Bootstrapper.wipe(pgWal);
                    Files.delete(pgWal);
                }
                Files.deleteIfExists(pgWal);
                Files.createSymbolicLink(pgWal, walDir);
            }
            Files.createDirectories(pgWal.resolve("archive_status"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the restored " + pgData, e);
        }
    }

    /**
     * The regular files, then postgresql.auto.conf (read last, so it wins) with the recovery settings, and
     * recovery.signal. Archiving is off: nothing of the recovery may reach any archive.
     */
    private void writeRecoveryConfiguration(String autoConf) {
        data.writeFiles(configurationFiles);
        Map<String, String> settings = recoverySettings(recovery, restoreCommand);
        StringBuilder conf =
                new StringBuilder(autoConf).append(RECOVERY_SETTINGS_HEADER).append('\n');
        settings.forEach((name, value) -> conf.append(name)
                .append(" = ")
                .append(PostgresConfRenderer.quote(value))
                .append('\n'));
        write(env.pgData().resolve(AUTO_CONF), conf.toString());
        data.create(RECOVERY_SIGNAL);
    }

    /**
     * The settings PostgreSQL recovers with: restore_command, archiving off, no TCP, the mapped targets, promote.
     */
    static Map<String, String> recoverySettings(InstanceConfig.Recovery recovery, String restoreCommand) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("restore_command", restoreCommand);
        settings.put("archive_mode", "off");
        // the socket only: standbys must not copy a half-recovered database, nor clients read one
        settings.put("listen_addresses", "");
        settings.putAll(new java.util.TreeMap<>(recovery.effectiveSettings()));
        settings.put("recovery_target_action", "promote");
        return settings;
    }

    private boolean replayUntilPromoted(BooleanSupplier stopRequested) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(
                            binaries.tool("postgres"), "-D", env.pgData().toString())
                    .directory(env.pgData().toFile())
                    .inheritIO();
            builder.environment()
                    .put(InstanceEnvironmentVariables.PGDATA, env.pgData().toString());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start postgres for the recovery", e);
        }
        LOG.infof("recovery: postgres replaying the source's WAL (pid %d)", process.pid());
        try {
            while (true) {
                if (stopRequested.getAsBoolean()) {
                    stop(process);
                    return false;
                }
                if (!process.isAlive()) {
                    throw new RecoveryException("PostgreSQL stopped during recovery (exit code " + process.exitValue()
                            + ") before it was promoted: see its log (e.g. 'recovery ended before configured "
                            + "recovery target was reached': the source's WAL does not reach the target)");
                }
                if (promoted()) {
                    LOG.info("recovery: the target is reached and PostgreSQL promoted; stopping it");
                    stop(process);
                    if (process.exitValue() != 0) {
                        throw new IllegalStateException(
                                "postgres exited with " + process.exitValue() + " after the recovery");
                    }
                    return true;
                }
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            return false;
        }
    }

    /**
     * PostgreSQL removes recovery.signal when it ends recovery; only then is it asked (asking earlier fills its log
     * with "the database system is starting up").
     */
    private boolean promoted() {
        if (data.has(RECOVERY_SIGNAL)) {
            return false;
        }
        try {
            return postgres.acceptsConnections() && "f".equals(postgres.queryValue("SELECT pg_is_in_recovery()"));
        } catch (PostgresClient.PostgresException e) {
            return false; // starting, or shutting down at the end of recovery
        }
    }

    /** A smart shutdown (nobody else is connected), then a forced one. */
    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * The history file written at promotion was not archived (archiving was off): marking it ready makes the
     * regular primary archive it to the cluster's own store. Restored files are already marked done.
     */
    private void markNewHistoryFilesReady() {
        Path pgWal = env.pgData().resolve("pg_wal");
        Path status = pgWal.resolve("archive_status");
        try (Stream<Path> files = Files.list(pgWal)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".history"))
                    .toList()) {
                String name = file.getFileName().toString();
                if (!Files.exists(status.resolve(name + ".done")) && !Files.exists(status.resolve(name + ".ready"))) {
                    Files.writeString(status.resolve(name + ".ready"), "");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
