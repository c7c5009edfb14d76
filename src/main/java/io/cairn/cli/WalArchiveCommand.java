package io.cairn.cli;

import io.cairn.instance.api.ArchiveResult;
import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.api.tls.InstanceServerTrust;
import io.cairn.instance.api.tls.PemFiles;
import io.cairn.instance.archive.HttpArchiveResultReporter;
import io.cairn.instance.archive.WalArchiver;
import io.cairn.instance.barman.BarmanCapabilities;
import io.cairn.instance.config.InstanceConfigException;
import io.cairn.instance.config.InstanceConfigReader;
import io.cairn.instance.config.InstanceEnvironment;
import io.cairn.instance.process.LocalCommandRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * {@code cairn wal-archive <path>}: PostgreSQL's archive_command. It runs once per WAL file, so it does not boot
 * Quarkus (see {@link CairnMain#main}): it reads the pod's environment and instance configuration, and hands over to
 * {@link WalArchiver}. Exit codes: 0 archived (or no archive configured), 1 not archived, 2 bad invocation or
 * configuration. PostgreSQL keeps the WAL file and retries on anything but 0.
 */
final class WalArchiveCommand {

    static final int USAGE = 2;

    private WalArchiveCommand() {}

    static int run(String[] options, Map<String, String> environment) {
        if (options.length != 1) {
            System.err.println("Usage: cairn wal-archive <wal path>   (PostgreSQL's archive_command: wal-archive %p)");
            return USAGE;
        }
        InstanceEnvironment env;
        try {
            env = InstanceEnvironment.from(environment);
        } catch (InstanceConfigException e) {
            System.err.println("cairn wal-archive: " + e.getMessage());
            return USAGE;
        }
        HttpArchiveResultReporter reporter = new HttpArchiveResultReporter(
                env.apiBaseUrl(), env.reportToken().orElse(null), trustOwnInstance(env), System.err);
        InstanceConfig config;
        try {
            config = InstanceConfigReader.read(env.configFile());
        } catch (InstanceConfigException e) {
            System.err.println("cairn wal-archive: " + e.getMessage());
            Instant now = Instant.now();
            reporter.report(List.of(new ArchiveResult(
                    Path.of(options[0]).getFileName().toString(), false, e.getMessage(), now, now, true)));
            return USAGE;
        }
        return new WalArchiver(
                        env,
                        config,
                        BarmanCapabilities.BARMAN_3_4,
                        new LocalCommandRunner(),
                        reporter,
                        Clock.systemUTC(),
                        System.err)
                .archive(options[0]);
    }

    /** Trusts this pod's own instance API (its Cluster's CA); without it the result is not reported, not archived. */
    private static Optional<SSLContext> trustOwnInstance(InstanceEnvironment env) {
        try {
            return env.tlsDir()
                    .map(dir -> InstanceServerTrust.of(
                                    PemFiles.certificates(PemFiles.read(dir.resolve("ca.crt")))
                                            .get(0),
                                    env.apiServerName())
                            .sslContext());
        } catch (RuntimeException e) {
            System.err.println("cairn wal-archive: cannot read the cluster's CA, results are not reported: " + e);
            return Optional.empty();
        }
    }
}
