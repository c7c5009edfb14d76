package io.cairn.instance.postgres;

import io.cairn.instance.process.CommandResult;
import io.cairn.instance.process.CommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@link PostgresClient} through psql and pg_isready on the Unix socket in the run directory, as the superuser
 * postgres with peer authentication: no password and no JDBC driver in the instance manager. A status query costs
 * one psql start (milliseconds).
 */
public final class PsqlClient implements PostgresClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final PostgresBinaries binaries;
    private final Path socketDirectory;
    private final int port;
    private final CommandRunner runner;

    public PsqlClient(PostgresBinaries binaries, Path socketDirectory, int port, CommandRunner runner) {
        this.binaries = binaries;
        this.socketDirectory = socketDirectory;
        this.port = port;
        this.runner = runner;
    }

    @Override
    public boolean acceptsConnections() {
        return runner.run(
                        List.of(
                                binaries.tool("pg_isready"),
                                "-q",
                                "-h",
                                socketDirectory.toString(),
                                "-p",
                                Integer.toString(port),
                                "-U",
                                "postgres",
                                "-d",
                                "postgres"),
                        Duration.ofSeconds(10))
                .succeeded();
    }

    @Override
    public String queryValue(String sql) {
        CommandResult result = psql(List.of("-t", "-A", "-c", sql), null);
        return result.stdout().strip();
    }

    @Override
    public void execute(String script) {
        psql(List.of("-q", "-f", "-"), script);
    }

    private CommandResult psql(List<String> options, String stdin) {
        List<String> command = new java.util.ArrayList<>(List.of(
                binaries.tool("psql"),
                "-X",
                "-w",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                socketDirectory.toString(),
                "-p",
                Integer.toString(port),
                "-U",
                "postgres",
                "-d",
                "postgres"));
        command.addAll(options);
        CommandResult result = runner.run(command, Map.of("PGAPPNAME", "cairn-instance-manager"), null, stdin, TIMEOUT);
        if (!result.succeeded()) {
            throw new PostgresException("psql failed (exit " + result.exitCode() + "): " + result.lastLines(3));
        }
        return result;
    }
}
