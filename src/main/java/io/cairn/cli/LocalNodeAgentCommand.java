package io.cairn.cli;

import io.cairn.local.node.LocalNodeAgent;
import io.cairn.local.node.NodeAgentSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code cairn local-node-agent [--work-dir DIR] [--node-name NAME] [--no-hosts-file]}: plays kubelet for the local
 * runtime against the cluster of {@code $KUBECONFIG}, until stopped. See docs/local-runtime.md.
 */
@ApplicationScoped
class LocalNodeAgentCommand {

    private volatile LocalNodeAgent running;

    /** Stops the agent while Quarkus still runs (its logging and HTTP client are gone after shutdown). */
    void onShutdown(@Observes ShutdownEvent event) {
        LocalNodeAgent agent = running;
        if (agent != null) {
            agent.close();
        }
    }

    int run(String... options) {
        Path workDir = null;
        String nodeName = NodeAgentSettings.DEFAULT_NODE_NAME;
        boolean hostsFile = true;
        for (int i = 0; i < options.length; i++) {
            switch (options[i]) {
                case "--work-dir" -> {
                    if (i + 1 >= options.length) {
                        return usage("--work-dir needs a directory");
                    }
                    workDir = Path.of(options[++i]);
                }
                case "--node-name" -> {
                    if (i + 1 >= options.length) {
                        return usage("--node-name needs a name");
                    }
                    nodeName = options[++i];
                }
                case "--no-hosts-file" -> hostsFile = false;
                default -> {
                    return usage("unknown option " + options[i]);
                }
            }
        }
        try {
            workDir = workDir != null ? Files.createDirectories(workDir)
                    : Files.createTempDirectory("cairn-node-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NodeAgentSettings settings = NodeAgentSettings.defaults(workDir).withNodeName(nodeName);
        if (!hostsFile) {
            settings = settings.withSystemHostsFile(Optional.empty());
        }
        // A client of its own, not the application bean: fabric8 reads $KUBECONFIG (or ~/.kube/config) itself.
        try (KubernetesClient client = new KubernetesClientBuilder().build();
                LocalNodeAgent agent = LocalNodeAgent.start(client, settings)) {
            running = agent;
            System.out.printf("Node %s is running pods from %s (work directory %s)%n", agent.nodeName(),
                    client.getMasterUrl(), agent.workDir());
            Quarkus.waitForExit();
        }
        return 0;
    }

    private static int usage(String problem) {
        System.err.println("cairn local-node-agent: " + problem
                + "\nUsage: cairn local-node-agent [--work-dir DIR] [--node-name NAME] [--no-hosts-file]");
        return 2;
    }
}
