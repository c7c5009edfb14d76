package io.cairn.local.node;

import static io.cairn.local.node.NodeAgentFixture.container;
import static io.cairn.local.node.NodeAgentFixture.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.testing.SharedControlPlane;
import io.cairn.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Stopping the agent stops the processes; a new agent on the same work directory takes the pods over. */
class AgentRestartIT {

    @Test
    void aNewAgentKillsOrphansAndTakesThePodsOfTheLastOneOver() throws Exception {
        Path workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "node-agent-restart-");
        NodeAgentSettings settings = NodeAgentSettings.defaults(workDir).withSystemHostsFile(Optional.empty());
        try (KubernetesClient client = SharedControlPlane.newClient();
                TestNamespace namespace = TestNamespace.create(client, "restart")) {
            Pod first;
            try (LocalNodeAgent agent = LocalNodeAgent.start(client, settings)) {
                client.pods().inNamespace(namespace.name())
                        .resource(PodLifecycleIT.shellPod("survivor", "exec sleep 600").build()).create();
                await().atMost(Duration.ofSeconds(60)).until(() -> phase(pod(client, namespace), "Running"));
                first = pod(client, namespace);
            }
            String firstId = container(first, "main").getContainerID();
            assertThat(NodeAgentFixture.anyProcessOf(firstId)).as("stopping the agent stops the pod's processes")
                    .isFalse();
            assertThat(pod(client, namespace)).as("the pod stays, as when a kubelet stops").isNotNull();
            Node stopped = client.nodes().withName("cairn-local").get();
            assertThat(stopped.getStatus().getConditions()).filteredOn(c -> "Ready".equals(c.getType()))
                    .singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));

            Process orphan = orphanOf(workDir, "cairn://orphan");

            try (LocalNodeAgent agent = LocalNodeAgent.start(client, settings)) {
                assertThat(orphan.waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
                        .as("a process left by an earlier agent is killed").isTrue();
                assertThat(workDir.resolve("pods/not-a-pod")).as("directories of unknown pods go").doesNotExist();

                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    Pod pod = pod(client, namespace);
                    return container(pod, "main").getState().getRunning() != null
                            && !firstId.equals(container(pod, "main").getContainerID());
                });
                Pod taken = pod(client, namespace);
                ContainerStatus main = container(taken, "main");
                assertThat(main.getRestartCount()).isEqualTo(1);
                assertThat(taken.getStatus().getPhase()).isEqualTo("Running");
                assertThat(taken.getStatus().getPodIP()).as("the pod keeps its address")
                        .isEqualTo(first.getStatus().getPodIP());
                assertThat(taken.getStatus().getStartTime()).isEqualTo(first.getStatus().getStartTime());

                client.pods().inNamespace(namespace.name()).withName("survivor").delete();
                await().atMost(Duration.ofSeconds(30)).until(() -> pod(client, namespace) == null);
            }
        }
    }

    private static Pod pod(KubernetesClient client, TestNamespace namespace) {
        return client.pods().inNamespace(namespace.name()).withName("survivor").get();
    }

    /** A process as an agent that crashed would leave it: its own session, the container id in its environment. */
    private static Process orphanOf(Path workDir, String containerId) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("setsid", "sleep", "600");
        builder.environment().put(ContainerLauncher.CONTAINER_ID_VARIABLE, containerId);
        Process process = builder.start();
        Path runDir = Files.createDirectories(workDir.resolve("pods/not-a-pod/containers/main"));
        Files.writeString(runDir.resolve("pid"), process.pid() + " " + containerId + "\n");
        return process;
    }
}
