package io.cairn.instance.recovery;

import io.cairn.backup.barman.BarmanCapabilities;
import io.cairn.backup.barman.BarmanConfigurationException;
import io.cairn.backup.barman.BarmanRestoreCommand;
import io.cairn.instance.config.InstanceConfig;
import io.cairn.instance.process.CommandResult;
import io.cairn.instance.process.CommandRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code cairn wal-restore <walName> <destination>}, PostgreSQL's restore_command during a recovery bootstrap: fetches
 * one WAL file (or timeline history file) of the recovery source with barman-cloud-wal-restore. Exit 0 when the file
 * is at the destination; otherwise non-zero, which PostgreSQL reads as "not in the archive" — a normal answer at
 * the end of the archive and for history files that do not exist, so a missing file is not logged as an error.
 */
public final class WalRestorer {

    public static final int RESTORED = 0;
    public static final int NOT_RESTORED = 1;
    /** Above this PostgreSQL takes a restore_command failure as fatal and stops recovery with an error. */
    static final int MAX_EXIT = 125;
    static final Duration BARMAN_TIMEOUT = Duration.ofMinutes(10);

    private final InstanceConfig config;
    private final Map<String, String> credentials;
    private final Path workingDirectory;
    private final BarmanCapabilities capabilities;
    private final CommandRunner runner;
    private final PrintStream log;

    /**
     * @param credentials the recovery source's ({@link io.cairn.instance.config.InstanceEnvironment#recoveryCredentials})
     * @param workingDirectory PGDATA: PostgreSQL's {@code %p} is relative to it
     */
    public WalRestorer(InstanceConfig config, Map<String, String> credentials, Path workingDirectory,
            BarmanCapabilities capabilities, CommandRunner runner, PrintStream log) {
        this.config = config;
        this.credentials = credentials;
        this.workingDirectory = workingDirectory;
        this.capabilities = capabilities;
        this.runner = runner;
        this.log = log;
    }

    public int restore(String walName, String destination) {
        InstanceConfig.Recovery recovery = config.bootstrap() == null ? null : config.bootstrap().recovery();
        if (recovery == null) {
            log.printf("cairn wal-restore: no recovery source in the instance configuration; %s not restored%n",
                    walName);
            return NOT_RESTORED;
        }
        BarmanRestoreCommand barman;
        try {
            barman = BarmanRestoreCommand.of(recovery.barmanObjectStore(), recovery.serverName(), capabilities);
        } catch (BarmanConfigurationException e) {
            log.printf("cairn wal-restore: %s%n", e.getMessage());
            return NOT_RESTORED;
        }
        CommandResult result = runner.run(barman.walRestore(walName, destination),
                credentials, workingDirectory, null, BARMAN_TIMEOUT);
        if (result.succeeded()) {
            log.printf("cairn wal-restore: %s restored%n", walName);
            return RESTORED;
        }
        if (result.exitCode() != 1) {
            // 1 is barman's "no such file"; anything else is worth a line in PostgreSQL's log
            log.printf("cairn wal-restore: %s: barman-cloud-wal-restore exited with %d: %s%n", walName,
                    result.exitCode(), result.lastLines(3));
        }
        return exitCode(result.exitCode());
    }

    static int exitCode(int barmanExit) {
        return barmanExit >= 1 && barmanExit <= MAX_EXIT ? barmanExit : NOT_RESTORED;
    }
}
