package io.cairn.instance;

import io.cairn.instance.api.BackupTimes;
import io.cairn.instance.api.ControlData;
import io.cairn.instance.api.Fencing;
import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.api.InstanceEnvironmentVariables;
import io.cairn.instance.api.InstancePorts;
import io.cairn.instance.api.RecoveryFailure;
import io.cairn.instance.archive.ArchiveResultLog;
import io.cairn.instance.archive.ArchiveStatusDirectory;
import io.cairn.instance.backup.BackupJobs;
import io.cairn.instance.backup.BackupModeSession;
import io.cairn.instance.barman.BarmanCapabilities;
import io.cairn.instance.config.InstanceEnvironment;
import io.cairn.instance.http.BackupEndpoints;
import io.cairn.instance.http.InstanceHttpServer;
import io.cairn.instance.http.InstanceMetrics;
import io.cairn.instance.http.SnapshotEndpoints;
import io.cairn.instance.http.StatusService;
import io.cairn.instance.postgres.Bootstrapper;
import io.cairn.instance.postgres.DataDirectory;
import io.cairn.instance.postgres.PostgresBinaries;
import io.cairn.instance.postgres.PostgresClient;
import io.cairn.instance.postgres.PostgresConfRenderer;
import io.cairn.instance.postgres.PostgresSupervisor;
import io.cairn.instance.postgres.PrimaryInitializer;
import io.cairn.instance.postgres.PsqlClient;
import io.cairn.instance.postgres.PsqlSession;
import io.cairn.instance.postgres.RecoveryBootstrap;
import io.cairn.instance.postgres.WalSwitcher;
import io.cairn.instance.process.CommandResult;
import io.cairn.instance.process.CommandRunner;
import io.cairn.instance.process.LocalCommandRunner;
import io.cairn.instance.recovery.RecoveryException;
import io.cairn.instance.tls.ServerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code cairn instance run}, PID 1 of the PostgreSQL container. It serves the instance API at once, bootstraps an
 * empty PGDATA (initdb, or pg_basebackup from the primary), writes postgresql.conf and pg_hba.conf, runs and
 * supervises postgres, and on a primary makes sure the replication role (and after initdb the application database)
 * exists. It runs base backups on request (one at a time, {@link BackupJobs}). {@link #shutdown} (SIGTERM) kills a
 * running backup, then stops postgres: smart, then fast.
 */
public final class InstanceManager {

    private static final Logger LOG = Logger.getLogger(InstanceManager.class);
    private static final Duration RETRY = Duration.ofSeconds(5);
    /** How long {@code PUT /pg/fencing} waits for postgres to stop before it answers (the operator asks again). */
    private static final Duration FENCE_SHUTDOWN_WAIT = Duration.ofSeconds(5);

    private final InstanceEnvironment env;
    private final InstanceConfig config;
    private final SelfCommand self;
    private final PostgresBinaries binaries;
    private final CommandRunner runner = new LocalCommandRunner();
    private final DataDirectory data;
    private final PostgresClient postgres;
    private final PostgresSupervisor supervisor;
    private final ArchiveResultLog archiveResults = new ArchiveResultLog();
    private final String reportToken = newToken();
    /** This run of the instance manager: backup jobs live in memory, so a new session means they are gone. */
    private final String sessionId = UUID.randomUUID().toString();

    private final AtomicReference<BackupTimes> backupTimes = new AtomicReference<>();
    private volatile BackupJobs backups;
    private final BackupModeSession backupMode;
    private final Supplier<String> jvmMetrics;
    private volatile boolean stopRequested;
    /** Set once postgres runs and, on a primary, its roles and application database exist: /readyz waits for it. */
    private volatile boolean initialized;

    private boolean stopped;
    /** Why the bootstrap cannot succeed as configured (a recovery without a matching backup...); shown on /pg/status. */
    private volatile RecoveryFailure bootstrapFailure;

    private InstanceHttpServer http;
    private Thread startup;

    public InstanceManager(
            InstanceEnvironment env, InstanceConfig config, SelfCommand self, Supplier<String> jvmMetrics) {
        this.env = env;
        this.config = config;
        this.self = self;
        this.jvmMetrics = jvmMetrics;
        this.binaries = PostgresBinaries.resolve(env.pgBin());
        this.data = new DataDirectory(env.pgData());
        this.postgres = new PsqlClient(binaries, env.runDir(), InstancePorts.POSTGRES, runner);
        this.supervisor = new PostgresSupervisor(
                binaries,
                env.pgData(),
                Map.of(
                        InstanceEnvironmentVariables.PGDATA,
                        env.pgData().toString(),
                        InstanceEnvironmentVariables.REPORT_TOKEN,
                        reportToken));
        this.backupMode = new BackupModeSession(
                sessionId, () -> PsqlSession.open(binaries, env.runDir(), InstancePorts.POSTGRES, "cairn-backup-mode"));
    }

    /**
     * Serves the API and starts the rest in the background.
     *
     * @param fatal called with an exit code when the instance cannot go on (bootstrap failed)
     */
    public void start(IntConsumer fatal) {
        createRunDirectory();
        backups = BackupJobs.create(
                sessionId,
                runner,
                env.runDir(),
                InstancePorts.POSTGRES,
                BarmanCapabilities.BARMAN_3_4,
                Clock.systemUTC());
        StatusService status = new StatusService(
                env, postgres, supervisor, archiveResults, () -> initialized, () -> bootstrapFailure, sessionId);
        InstanceMetrics metrics = new InstanceMetrics(
                postgres,
                new ArchiveStatusDirectory(data.archiveStatus()),
                archiveResults,
                supervisor,
                jvmMetrics,
                backupTimes::get,
                backups::counts);
        http = InstanceHttpServer.start(
                new InetSocketAddress(env.podIp(), env.httpPort()),
                env.tlsDir().map(dir -> ServerTls.context(dir.resolve("tls.crt"), dir.resolve("tls.key"))),
                status,
                metrics,
                archiveResults,
                reportToken,
                new BackupEndpoints(backups, new WalSwitcher(postgres), backupTimes),
                Optional.of(new SnapshotEndpoints(backupMode, this::fence, this::controlData)));
        LOG.infof("instance manager session %s", sessionId);
        startup = new Thread(
                () -> {
                    try {
                        startPostgres();
                    } catch (RecoveryException e) {
                        // Restarting would fail the same way: stay up, not ready, and say why on /pg/status.
                        bootstrapFailure = new RecoveryFailure(e.getMessage());
                        LOG.errorf("the recovery cannot succeed as configured: %s", e.getMessage());
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "the instance cannot start: %s", e.getMessage());
                        fatal.accept(1);
                    }
                },
                "instance-startup");
        startup.start();
    }

    private void startPostgres() {
        InstanceConfig.Recovery recoveryConfig = config.bootstrap().recovery();
        RecoveryBootstrap recovery = recoveryConfig == null
                ? null
                : new RecoveryBootstrap(
                        env,
                        recoveryConfig,
                        binaries,
                        runner,
                        postgres,
                        configurationFiles(null),
                        self.archiveCommandLine("wal-restore", "%f", "%p"));
        Bootstrapper bootstrapper = new Bootstrapper(env, config, binaries, runner, recovery);
        if (!bootstrapper.bootstrapIfNeeded(() -> stopRequested)) {
            return;
        }
        boolean standby = data.standby();
        Optional<java.nio.file.Path> passfile = standby ? bootstrapper.passfile() : Optional.empty();
        data.writeFiles(configurationFiles(standby ? primaryConninfo(passfile) : null));
        if (stopRequested) {
            return;
        }
        LOG.infof(
                "starting PostgreSQL as %s on %s:%d",
                standby ? "a streaming standby" : "the primary", env.podIp(), InstancePorts.POSTGRES);
        supervisor.start();
        if (!standby) {
            initializePrimary();
        }
        initialized = true;
    }

    /** postgresql.conf, custom.conf and pg_hba.conf; a standby's primary_conninfo, null on a primary. */
    private Map<String, String> configurationFiles(String primaryConninfo) {
        return PostgresConfRenderer.render(new PostgresConfRenderer.Settings(
                env.podIp(),
                InstancePorts.POSTGRES,
                env.runDir().toString(),
                env.clusterName(),
                self.archiveCommandLine("wal-archive", "%p"),
                config.effectiveArchiveTimeout(),
                config.parameters(),
                primaryConninfo,
                config.replicationUser(),
                primaryConninfo != null && readsOwnArchive()
                        ? self.archiveCommandLine("wal-restore", "%f", "%p")
                        : null));
    }

    /** A standby of a cluster with a usable WAL archive catches up from it when the primary lacks the WAL. */
    private boolean readsOwnArchive() {
        return config.archive() != null
                && config.archive().barmanObjectStore() != null
                && config.archive().refusal() == null;
    }

    private String primaryConninfo(Optional<java.nio.file.Path> passfile) {
        InstanceConfig.Join join = config.bootstrap().join();
        if (join == null) {
            LOG.warn("PGDATA is a standby but the configuration names no primary to join: no primary_conninfo");
            return null;
        }
        StringBuilder conninfo = new StringBuilder()
                .append("host=")
                .append(PostgresConfRenderer.conninfoValue(join.host()))
                .append(" port=")
                .append(join.effectivePort())
                .append(" user=")
                .append(PostgresConfRenderer.conninfoValue(config.replicationUser()))
                .append(" application_name=")
                .append(PostgresConfRenderer.conninfoValue(env.podName()))
                .append(" connect_timeout=5");
        passfile.ifPresent(
                file -> conninfo.append(" passfile=").append(PostgresConfRenderer.conninfoValue(file.toString())));
        return conninfo.toString();
    }

    private void initializePrimary() {
        PrimaryInitializer initializer = new PrimaryInitializer(config, data, postgres);
        while (!stopRequested) {
            try {
                if (postgres.acceptsConnections()) {
                    initializer.run();
                    LOG.info("primary ready: replication role and application database in place");
                    return;
                }
                sleep(Duration.ofMillis(300));
            } catch (RuntimeException e) {
                LOG.warnf("initializing the primary failed, retrying in %ds: %s", RETRY.toSeconds(), e.getMessage());
                sleep(RETRY);
            }
        }
    }

    /**
     * {@code PUT /pg/fencing}: a fenced instance's postgres is stopped with a fast shutdown (so its volumes are
     * consistent for a cold snapshot) and stays stopped; the pod stays, not ready.
     */
    private Fencing.State fence(boolean fenced) {
        if (fenced) {
            LOG.info("fenced: stopping PostgreSQL");
            supervisor.fence(FENCE_SHUTDOWN_WAIT);
        } else {
            supervisor.unfence();
        }
        return new Fencing.State(supervisor.fenced(), supervisor.pid().isPresent());
    }

    /** {@code GET /pg/controldata}: pg_controldata of PGDATA, in the C locale (its keys are what the operator reads). */
    private ControlData controlData() {
        CommandResult result = runner.run(
                List.of(binaries.tool("pg_controldata"), "-D", env.pgData().toString()),
                Map.of("LC_ALL", "C", "LANG", "C"),
                null,
                null,
                Duration.ofSeconds(30));
        if (!result.succeeded()) {
            throw new IllegalStateException(
                    "pg_controldata failed (exit " + result.exitCode() + "): " + result.lastLines(3));
        }
        return new ControlData(result.stdout());
    }

    /**
     * Stops postgres (smart, then fast after smartShutdownTimeout), then the API, so the archive_command of the
     * shutdown checkpoint can still report. Idempotent; a second caller waits for the first.
     */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        stopRequested = true;
        LOG.info("shutting down");
        // First: barman's connection would hold a smart shutdown for its whole timeout.
        if (backups != null) {
            backups.close();
        }
        backupMode.close();
        // Once stopped, the supervisor starts nothing more, even if the startup thread asks it to later.
        supervisor.stop(Duration.ofSeconds(config.effectiveSmartShutdownTimeout()));
        if (startup != null) {
            try {
                startup.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (http != null) {
            http.close();
        }
    }

    private void createRunDirectory() {
        try {
            Files.createDirectories(
                    env.runDir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the run directory " + env.runDir() + " (set " + InstanceEnvironmentVariables.RUN_DIR
                            + ")",
                    e);
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = true;
        }
    }
}
