package io.cairn.cli;

import io.cairn.cli.kubectl.KubectlPlugin;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Arrays;

/**
 * The single Cairn binary. The first argument picks the role. {@code wal-archive} and {@code wal-restore} run
 * without booting Quarkus (PostgreSQL starts them once per WAL file, so start-up time counts), and so does
 * {@code kubectl} (a user waits for it, and it must open no port); the other roles boot
 * Quarkus, and only {@code operator} starts the controllers. Roles that run inside a PostgreSQL pod keep Quarkus's
 * HTTP server closed: the instance serves its own API on POD_IP:8000.
 */
@QuarkusMain
public class CairnMain implements QuarkusApplication {

    static final String USAGE = """
            Usage: cairn <command> [options]

            Commands:
              operator              run the controller manager (Cluster, Backup, ScheduledBackup)
              instance run          run the instance manager, PID 1 of a PostgreSQL pod
                                    (see docs/instance-manager.md)
              wal-archive <path>    archive a WAL file with barman-cloud (PostgreSQL's archive_command)
              wal-restore <wal> <path>
                                    fetch a WAL file of the recovery source with barman-cloud
                                    (PostgreSQL's restore_command during a recovery bootstrap)
              kubectl <command>     the kubectl plugin (kubectl cairn: backup, schedule preview, status;
                                    see docs/kubectl-plugin.md)
              help                  print this message
            """;

    @Inject
    OperatorCommand operatorCommand;

    @Inject
    InstanceCommand instanceCommand;

    public static void main(String... args) {
        String command = args.length == 0 ? "help" : args[0];
        if ("wal-archive".equals(command)) {
            System.exit(WalArchiveCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv()));
        }
        if ("wal-restore".equals(command)) {
            System.exit(WalRestoreCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv()));
        }
        if ("kubectl".equals(command)) {
            System.exit(KubectlPlugin.run(
                    Arrays.copyOfRange(args, 1, args.length), Clock.systemUTC(), System.out, System.err));
        }
        if (!"operator".equals(command)) {
            // Only the operator serves Quarkus's HTTP server (health, metrics) on 0.0.0.0:8080: the instance serves
            // its own API on POD_IP, and `help` or a mistyped command must not open a port.
            System.setProperty("quarkus.http.host-enabled", "false");
        }
        Quarkus.run(CairnMain.class, args);
    }

    @Override
    public int run(String... args) {
        String command = args.length == 0 ? "help" : args[0];
        String[] options = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        return switch (command) {
            case "operator" -> operatorCommand.run();
            case "instance" -> instanceCommand.run(options);
            case "help", "--help", "-h" -> {
                System.out.print(USAGE);
                yield 0;
            }
            default -> {
                System.err.printf("cairn: unknown command '%s'%n%s", command, USAGE);
                yield 2;
            }
        };
    }
}
