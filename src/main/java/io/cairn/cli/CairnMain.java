package io.cairn.cli;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.Arrays;

/**
 * The single Cairn binary. The first argument picks the role; later issues add {@code instance},
 * {@code wal-archive} and {@code wal-restore}.
 */
@QuarkusMain
public class CairnMain implements QuarkusApplication {

    static final String USAGE = """
            Usage: cairn <command> [options]

            Commands:
              operator              run the controller manager (Cluster, Backup, ScheduledBackup)
              local-control-plane   run etcd, kube-apiserver and kube-controller-manager on loopback
                                    for the demo and tests (see docs/local-control-plane.md)
              local-node-agent      play kubelet for that control plane: run pods as local processes
                                    (see docs/local-runtime.md; needs root, uses $KUBECONFIG)
              help                  print this message
            """;

    @Inject
    OperatorCommand operatorCommand;

    @Inject
    LocalControlPlaneCommand localControlPlaneCommand;

    @Inject
    LocalNodeAgentCommand localNodeAgentCommand;

    @Override
    public int run(String... args) {
        String command = args.length == 0 ? "help" : args[0];
        String[] options = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        return switch (command) {
            case "operator" -> operatorCommand.run();
            case "local-control-plane" -> localControlPlaneCommand.run(options);
            case "local-node-agent" -> localNodeAgentCommand.run(options);
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
