package io.cairn.local.node;

import static org.awaitility.Awaitility.await;

import io.cairn.testing.SharedControlPlane;
import io.cairn.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A node agent on the shared control plane for one test class, with a namespace of its own. Closing deletes the
 * namespace while the agent still runs (so it stops the pods and releases the claims, as a kubelet would), waits
 * until the namespace is gone, then stops the agent.
 */
final class NodeAgentFixture implements AutoCloseable {

    final KubernetesClient client;
    final TestNamespace namespace;
    final LocalNodeAgent agent;

    private NodeAgentFixture(KubernetesClient client, TestNamespace namespace, LocalNodeAgent agent) {
        this.client = client;
        this.namespace = namespace;
        this.agent = agent;
    }

    static NodeAgentFixture start(String prefix, boolean manageSystemHostsFile) {
        return start(prefix, settings -> settings.withSystemHostsFile(
                manageSystemHostsFile ? Optional.of(Path.of("/etc/hosts")) : Optional.empty()));
    }

    static NodeAgentFixture start(String prefix, UnaryOperator<NodeAgentSettings> customize) {
        KubernetesClient client = SharedControlPlane.newClient();
        TestNamespace namespace = TestNamespace.create(client, prefix);
        Path workDir;
        try {
            workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "node-agent-" + prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NodeAgentSettings settings = customize.apply(NodeAgentSettings.defaults(workDir)
                .withSystemHostsFile(Optional.empty()));
        return new NodeAgentFixture(client, namespace, LocalNodeAgent.start(client, settings));
    }

    String ns() {
        return namespace.name();
    }

    Pod create(Pod pod) {
        return client.pods().inNamespace(ns()).resource(pod).create();
    }

    Pod get(String name) {
        return client.pods().inNamespace(ns()).withName(name).get();
    }

    Pod awaitPod(String name, Predicate<Pod> condition) {
        return awaitPod(name, condition, Duration.ofSeconds(60));
    }

    Pod awaitPod(String name, Predicate<Pod> condition, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Pod pod = get(name);
                    return pod != null && condition.test(pod);
                });
        return get(name);
    }

    void awaitGone(String name) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> get(name) == null);
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static boolean phase(Pod pod, String phase) {
        return pod.getStatus() != null && phase.equals(pod.getStatus().getPhase());
    }

    static ContainerStatus container(Pod pod, String name) {
        return pod.getStatus().getContainerStatuses().stream().filter(s -> name.equals(s.getName())).findFirst()
                .orElseThrow();
    }

    /** The pid of a container's current process, from the agent's pid file. */
    long pid(Pod pod, String container) {
        try {
            Path pidFile = agent.workDir().resolve("pods").resolve(pod.getMetadata().getUid()).resolve("containers")
                    .resolve(container).resolve("pid");
            return Long.parseLong(Files.readString(pidFile).trim().split(" ")[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether any process still carries this container id (the main process or anything it started). */
    static boolean anyProcessOf(String containerId) {
        String marker = ContainerLauncher.CONTAINER_ID_VARIABLE + "=" + containerId;
        return ProcessHandle.allProcesses().anyMatch(p -> {
            try {
                String environ = Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ"),
                        java.nio.charset.StandardCharsets.ISO_8859_1);
                return java.util.List.of(environ.split("\0")).contains(marker);
            } catch (IOException | UncheckedIOException e) {
                return false;
            }
        });
    }

    @Override
    public void close() {
        try {
            namespace.close();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> client.namespaces().withName(ns()).get() == null);
        } finally {
            agent.close();
            client.close();
        }
    }
}
