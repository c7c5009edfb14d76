package io.cairn.instance.postgres;

import io.cairn.api.v1.BootstrapInitDB;
import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.config.InstanceConfigException;
import io.cairn.instance.config.InstanceEnvironment;
import io.cairn.instance.process.CommandResult;
import io.cairn.instance.process.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Fills an empty PGDATA: {@code initdb} for a new primary, {@code pg_basebackup} from the primary for a streaming
 * standby, or a recovery from an object store ({@link RecoveryBootstrap}); PGDATA restored from a VolumeSnapshot is
 * prepared instead ({@link RecoveryBootstrap#runFromSnapshot} for a recovery, {@link #joinFromSnapshot} for a
 * replica). A marker file beside PGDATA
 * ({@code <PGDATA>.cairn-bootstrapping}) is created first and removed last, so a
 * bootstrap cut short (the pod killed mid-copy) is wiped and done again at the next start instead of leaving a
 * half-made database that looks initialized.
 */
public final class Bootstrapper {

    private static final Logger LOG = Logger.getLogger(Bootstrapper.class);
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration BASEBACKUP_TIMEOUT = Duration.ofHours(12);
    static final Duration JOIN_RETRY = Duration.ofSeconds(5);

    private final InstanceEnvironment env;
    private final InstanceConfig config;
    private final PostgresBinaries binaries;
    private final CommandRunner runner;
    private final DataDirectory data;
    private final RecoveryBootstrap recovery;

    public Bootstrapper(
            InstanceEnvironment env, InstanceConfig config, PostgresBinaries binaries, CommandRunner runner) {
        this(env, config, binaries, runner, null);
    }

    /** @param recovery runs {@code bootstrap.recovery}; null when the configuration has none */
    public Bootstrapper(
            InstanceEnvironment env,
            InstanceConfig config,
            PostgresBinaries binaries,
            CommandRunner runner,
            RecoveryBootstrap recovery) {
        this.env = env;
        this.config = config;
        this.binaries = binaries;
        this.runner = runner;
        this.data = new DataDirectory(env.pgData());
        this.recovery = recovery;
    }

    /**
     * Does nothing when PGDATA holds a database; otherwise bootstraps it as the configuration says. A join is retried
     * every few seconds until the primary lets us copy it or {@code stopRequested} says to give up.
     *
     * @return false if it gave up because a stop was requested
     */
    public boolean bootstrapIfNeeded(BooleanSupplier stopRequested) {
        if (restoresSnapshot()) {
            return recovery.runFromSnapshot(stopRequested);
        }
        Optional<InstanceConfig.SnapshotBase> replicaSnapshot =
                env.replicaSnapshot().filter(base -> env.podName().equals(base.instance()));
        if (replicaSnapshot.isPresent()) {
            joinFromSnapshot(replicaSnapshot.get());
            return true;
        }
        Path marker = env.pgData().resolveSibling(env.pgData().getFileName() + ".cairn-bootstrapping");
        if (Files.exists(marker)) {
            LOG.warnf("a previous bootstrap of %s did not finish: wiping it and starting again", env.pgData());
            wipe(env.pgData());
            env.walDir().ifPresent(Bootstrapper::wipe);
        } else if (data.initialized()) {
            LOG.infof("%s holds a database (%s): no bootstrap", env.pgData(), data.standby() ? "standby" : "primary");
            return true;
        } else if (!data.emptyOrAbsent()) {
            throw new InstanceConfigException(
                    "PGDATA " + env.pgData() + " is neither empty nor a database; " + "refusing to touch it");
        }
        touch(marker);
        InstanceConfig.Bootstrap bootstrap = config.bootstrap();
        if (bootstrap.initdb() != null) {
            initdb(bootstrap.initdb());
        } else if (bootstrap.recovery() != null) {
            if (recovery == null) {
                throw new IllegalStateException("bootstrap.recovery is configured but no recovery was set up");
            }
            if (!recovery.run(stopRequested)) {
                return false;
            }
        } else if (!join(bootstrap.join(), stopRequested)) {
            return false;
        }
        try {
            Files.delete(marker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    /**
     * This instance's volumes were created from the recovery's VolumeSnapshots: it is the instance the snapshot was
     * restored for. Any other instance that one day runs the primary's configuration (a failover) has a PGDATA of
     * its own and is left alone.
     */
    private boolean restoresSnapshot() {
        InstanceConfig.Recovery recoveryConfig = config.bootstrap().recovery();
        return recoveryConfig != null
                && recoveryConfig.volumeSnapshot() != null
                && recovery != null
                && env.podName().equals(recoveryConfig.volumeSnapshot().instance());
    }

    /**
     * A replica whose volumes were created from a snapshot backup of its own cluster: the restored PGDATA becomes a
     * standby in place (the source's life removed, a hot snapshot's backup_label written back, standby.signal), which
     * then replays from the cluster's WAL archive and streams from the primary. Once: the marker beside PGDATA says
     * it was done, so a restarted replica, or a later primary, starts as it is.
     */
    private void joinFromSnapshot(InstanceConfig.SnapshotBase base) {
        RestoredSnapshot restored = new RestoredSnapshot(env);
        if (restored.isDone(base)) {
            LOG.infof("%s was made a standby from snapshot %s already", env.pgData(), base.snapshot());
            return;
        }
        LOG.infof(
                "joining as a standby from the %s snapshot %s restored into %s",
                base.online() ? "hot" : "cold", base.snapshot(), env.pgData());
        restored.prepare(base, RecoveryBootstrap.RECOVERY_SIGNAL);
        try {
            Files.writeString(env.pgData().resolve(RestoredSnapshot.AUTO_CONF), restored.inheritedAutoConf());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        data.create(DataDirectory.STANDBY_SIGNAL);
        restored.markDone(base);
    }

    private void initdb(BootstrapInitDB initdb) {
        List<String> command = initdbCommand(initdb);
        LOG.infof("initdb: %s", String.join(" ", command));
        CommandResult result = runner.run(command, Map.of(), null, null, INITDB_TIMEOUT);
        if (!result.succeeded()) {
            throw new IllegalStateException("initdb failed (exit " + result.exitCode() + "): " + result.lastLines(5));
        }
        try {
            // initdb's postgresql.conf becomes initdb.conf, included first by the postgresql.conf Cairn writes.
            Files.move(
                    env.pgData().resolve(PostgresConfRenderer.POSTGRESQL_CONF),
                    env.pgData().resolve(PostgresConfRenderer.INITDB_CONF));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        data.create(DataDirectory.CHECK_EMPTY_WAL_ARCHIVE);
        data.create(DataDirectory.POST_INIT_PENDING);
    }

    List<String> initdbCommand(BootstrapInitDB initdb) {
        List<String> command = new ArrayList<>(List.of(
                binaries.tool("initdb"),
                "-D",
                env.pgData().toString(),
                "--username=postgres",
                "--auth-local=peer",
                "--auth-host=scram-sha-256",
                "--encoding=" + (initdb.encoding() != null ? initdb.encoding() : "UTF8")));
        env.walDir().ifPresent(wal -> command.add("--waldir=" + wal));
        if (initdb.localeCollate() != null || initdb.localeCType() != null) {
            command.add("--lc-collate=" + (initdb.localeCollate() != null ? initdb.localeCollate() : "C"));
            command.add("--lc-ctype=" + (initdb.localeCType() != null ? initdb.localeCType() : "C"));
        } else {
            command.add("--locale=" + (initdb.locale() != null ? initdb.locale() : "C"));
        }
        if (Boolean.TRUE.equals(initdb.dataChecksums())) {
            command.add("--data-checksums");
        }
        if (initdb.walSegmentSize() != null) {
            command.add("--wal-segsize=" + initdb.walSegmentSize());
        }
        if (initdb.options() != null) {
            command.addAll(initdb.options());
        }
        return command;
    }

    private boolean join(InstanceConfig.Join primary, BooleanSupplier stopRequested) {
        Map<String, String> pgEnv = new HashMap<>();
        pgEnv.put("PGAPPNAME", env.podName());
        pgEnv.put("PGCONNECT_TIMEOUT", "10");
        passfile().ifPresent(file -> pgEnv.put("PGPASSFILE", file.toString()));
        List<String> command = new ArrayList<>(List.of(
                binaries.tool("pg_basebackup"),
                "-D",
                env.pgData().toString(),
                "-h",
                primary.host(),
                "-p",
                Integer.toString(primary.effectivePort()),
                "-U",
                config.replicationUser(),
                "-w",
                "-X",
                "stream",
                "-c",
                "fast"));
        env.walDir().ifPresent(wal -> command.add("--waldir=" + wal));
        while (true) {
            LOG.infof("joining %s:%d: %s", primary.host(), primary.effectivePort(), String.join(" ", command));
            CommandResult result = runner.run(command, pgEnv, null, null, BASEBACKUP_TIMEOUT);
            if (result.succeeded()) {
                break;
            }
            LOG.warnf(
                    "pg_basebackup failed (exit %d): %s; retrying in %ds",
                    result.exitCode(), result.lastLines(3), JOIN_RETRY.toSeconds());
            wipe(env.pgData());
            env.walDir().ifPresent(Bootstrapper::wipe);
            if (!sleepUnlessStopped(stopRequested)) {
                return false;
            }
        }
        // Files of the primary's own life that a standby must not inherit.
        data.remove(DataDirectory.CHECK_EMPTY_WAL_ARCHIVE);
        data.remove(DataDirectory.POST_INIT_PENDING);
        data.create(DataDirectory.STANDBY_SIGNAL);
        return true;
    }

    /**
     * Writes {@code <runDir>/pgpass} (mode 0600) from the replication password file, for pg_basebackup and
     * primary_conninfo; empty when no password file is configured.
     */
    public java.util.Optional<Path> passfile() {
        if (config.replication() == null || config.replication().passwordFile() == null) {
            return java.util.Optional.empty();
        }
        try {
            String password = Files.readString(Path.of(config.replication().passwordFile()))
                    .strip();
            Path file = env.runDir().resolve("pgpass");
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(
                    file, "*:*:*:" + pgpassField(config.replicationUser()) + ":" + pgpassField(password) + "\n");
            return java.util.Optional.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the pgpass file from " + config.replication().passwordFile(), e);
        }
    }

    private static String pgpassField(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:");
    }

    private static boolean sleepUnlessStopped(BooleanSupplier stopRequested) {
        long until = System.nanoTime() + JOIN_RETRY.toNanos();
        while (System.nanoTime() < until) {
            if (stopRequested.getAsBoolean()) {
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !stopRequested.getAsBoolean();
    }

    private static void touch(Path file) {
        try {
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write " + file + " (the directory holding PGDATA must be " + "writable)", e);
        }
    }

    /** Deletes what a directory holds, keeping the directory itself (it may be a mount point). */
    static void wipe(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(directory)) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + directory, e);
        }
    }
}
