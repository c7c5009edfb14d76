package io.cairn.cli;

import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.barman.BarmanCapabilities;
import io.cairn.instance.config.InstanceConfigException;
import io.cairn.instance.config.InstanceConfigReader;
import io.cairn.instance.config.InstanceEnvironment;
import io.cairn.instance.process.LocalCommandRunner;
import io.cairn.instance.recovery.WalRestorer;
import java.util.Map;

/**
 * {@code cairn wal-restore <walName> <destination>}: PostgreSQL's restore_command ({@code wal-restore %f %p}) while
 * a cluster recovers from an object store, and on a standby of a cluster with a WAL archive. Like {@code wal-archive} it runs once per file, so it does not boot
 * Quarkus. Exit codes: 0 restored, 1 not in the archive (or not restored), 2 bad invocation or configuration.
 */
final class WalRestoreCommand {

    static final int USAGE = 2;

    private WalRestoreCommand() {}

    static int run(String[] options, Map<String, String> environment) {
        if (options.length != 2) {
            System.err.println("Usage: cairn wal-restore <wal name> <destination>   (PostgreSQL's restore_command: "
                    + "wal-restore %f %p)");
            return USAGE;
        }
        InstanceEnvironment env;
        InstanceConfig config;
        try {
            env = InstanceEnvironment.from(environment);
            config = InstanceConfigReader.read(env.configFile());
        } catch (InstanceConfigException e) {
            System.err.println("cairn wal-restore: " + e.getMessage());
            return USAGE;
        }
        return new WalRestorer(
                        config,
                        env.clusterName(),
                        env.recoveryEnvironment(),
                        env.pgData(),
                        WalRestorer.spoolDirectory(env.runDir()),
                        BarmanCapabilities.BARMAN_3_4,
                        new LocalCommandRunner(),
                        System.err)
                .restore(options[0], options[1]);
    }
}
