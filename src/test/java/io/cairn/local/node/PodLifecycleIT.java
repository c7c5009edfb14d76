package io.cairn.local.node;

import static io.cairn.local.node.NodeAgentFixture.container;
import static io.cairn.local.node.NodeAgentFixture.phase;
import static io.cairn.local.node.NodeAgentFixture.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pods run as local processes: readiness, addresses, restarts, deletion and failures, on a real API server. */
class PodLifecycleIT {

    private static NodeAgentFixture fixture;

    @BeforeAll
    static void startAgent() {
        fixture = NodeAgentFixture.start("pods", false);
    }

    @AfterAll
    static void stopAgent() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** A pod with no nodeName, running {@code sh -c script}. */
    static PodBuilder shellPod(String name, String script) {
        return new PodBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(2L)
                .addNewContainer().withName("main").withImage("debian:bookworm")
                .withCommand("sh", "-c").withArgs(script)
                .endContainer()
                .endSpec();
    }

    @Test
    void podWithHttpServerBecomesRunningAndReadyOnItsOwnAddress() throws Exception {
        Pod pod = new PodBuilder(shellPod("web", "exec python3 -m http.server --bind $(POD_IP) 8080").build())
                .editSpec().editFirstContainer()
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().endEnv()
                .withNewReadinessProbe().withNewHttpGet().withPath("/").withPort(new IntOrString(8080)).endHttpGet()
                .withPeriodSeconds(1).endReadinessProbe()
                .endContainer().endSpec().build();
        fixture.create(pod);

        Pod running = fixture.awaitPod("web", NodeAgentFixture::ready);

        assertThat(running.getSpec().getNodeName()).isEqualTo("cairn-local");
        assertThat(running.getStatus().getPhase()).isEqualTo("Running");
        assertThat(running.getStatus().getHostIP()).isEqualTo("127.0.0.1");
        String podIP = running.getStatus().getPodIP();
        assertThat(podIP).matches("127\\.0\\.0\\.\\d+").isNotEqualTo("127.0.0.1");
        assertThat(running.getStatus().getPodIPs()).extracting(p -> p.getIp()).containsExactly(podIP);
        assertThat(running.getStatus().getStartTime()).isNotBlank();
        assertThat(running.getStatus().getConditions()).extracting(PodCondition::getType, PodCondition::getStatus)
                .contains(tuple("PodScheduled", "True"), tuple("PodReadyToStartContainers", "True"),
                        tuple("Initialized", "True"), tuple("ContainersReady", "True"), tuple("Ready", "True"))
                .hasSize(5);
        ContainerStatus main = container(running, "main");
        assertThat(main.getContainerID()).startsWith("cairn://");
        assertThat(main.getStarted()).isTrue();
        assertThat(main.getReady()).isTrue();
        assertThat(main.getRestartCount()).isZero();
        assertThat(main.getState().getRunning().getStartedAt()).isNotBlank();

        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + podIP + ":8080/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Files.readString(fixture.agent.logFile(running, "main", 0))).contains("GET / HTTP/1.1");
    }

    @Test
    void everyPodGetsADistinctLoopbackAddressThatItsProcessSees() {
        for (String name : List.of("address-a", "address-b", "address-c")) {
            fixture.create(new PodBuilder(shellPod(name, "echo \"$MY_IP\"; exec sleep 600").build())
                    .editSpec().editFirstContainer()
                    .addNewEnv().withName("MY_IP").withNewValueFrom().withNewFieldRef()
                    .withFieldPath("status.podIP").endFieldRef().endValueFrom().endEnv()
                    .endContainer().endSpec().build());
        }
        List<Pod> pods = List.of("address-a", "address-b", "address-c").stream()
                .map(name -> fixture.awaitPod(name, p -> phase(p, "Running"))).toList();

        List<String> addresses = pods.stream().map(p -> p.getStatus().getPodIP()).toList();
        assertThat(addresses).doesNotHaveDuplicates().allMatch(a -> a.matches("127\\.0\\.0\\.\\d+"))
                .doesNotContain("127.0.0.1");
        for (Pod pod : pods) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    Files.readString(fixture.agent.logFile(pod, "main", 0)).trim())
                    .isEqualTo(pod.getStatus().getPodIP()));
        }
    }

    @Test
    void environmentComesFromValuesSecretsConfigMapsAndTheDownwardApi() throws Exception {
        fixture.client.secrets().inNamespace(fixture.ns()).resource(new SecretBuilder().withNewMetadata()
                .withName("env-secret").endMetadata().withStringData(Map.of("password", "s3cr3t", "user", "app"))
                .build()).create();
        fixture.client.configMaps().inNamespace(fixture.ns()).resource(new io.fabric8.kubernetes.api.model
                .ConfigMapBuilder().withNewMetadata().withName("env-config").endMetadata()
                .withData(Map.of("MODE", "replica")).build()).create();
        Pod pod = new PodBuilder(shellPod("env",
                "echo \"$PASSWORD|$POD_NAME|$POD_NAMESPACE|$NODE|$CFG_MODE|$GREETING|$(GREETING)|$HOSTNAME\"; "
                        + "exec sleep 600").build())
                .editSpec().editFirstContainer()
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef().withName("env-secret")
                .withKey("password").endSecretKeyRef().endValueFrom().endEnv()
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("NODE").withNewValueFrom().withNewFieldRef()
                .withFieldPath("spec.nodeName").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("GREETING").withValue("hello $(POD_NAME)").endEnv()
                .addNewEnvFrom().withPrefix("CFG_").withNewConfigMapRef().withName("env-config").endConfigMapRef()
                .endEnvFrom()
                .endContainer().endSpec().build();
        Pod running = fixture.awaitPod(fixture.create(pod).getMetadata().getName(), p -> phase(p, "Running"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                Files.readString(fixture.agent.logFile(running, "main", 0)).trim())
                .isEqualTo("s3cr3t|env|" + fixture.ns() + "|cairn-local|replica|hello env|hello env|env"));
    }

    @Test
    void missingSecretKeepsTheContainerWaitingUntilItExists() {
        fixture.create(new PodBuilder(shellPod("waits-for-secret", "exec sleep 600").build())
                .editSpec().editFirstContainer()
                .addNewEnv().withName("TOKEN").withNewValueFrom().withNewSecretKeyRef().withName("late-secret")
                .withKey("token").endSecretKeyRef().endValueFrom().endEnv()
                .endContainer().endSpec().build());

        Pod waiting = fixture.awaitPod("waits-for-secret", p -> p.getStatus() != null
                && p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
                && container(p, "main").getState().getWaiting() != null
                && "CreateContainerConfigError".equals(container(p, "main").getState().getWaiting().getReason()));
        assertThat(waiting.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(container(waiting, "main").getState().getWaiting().getMessage())
                .isEqualTo("secret \"late-secret\" not found");

        fixture.client.secrets().inNamespace(fixture.ns()).resource(new SecretBuilder().withNewMetadata()
                .withName("late-secret").endMetadata().withStringData(Map.of("token", "t")).build()).create();
        fixture.awaitPod("waits-for-secret", p -> phase(p, "Running") && ready(p));
    }

    @Test
    void deletingAPodStopsItsProcessesAndRemovesIt() {
        // The shell ignores SIGTERM, so only the SIGKILL after the 2 s grace period ends it and its child.
        Pod running = fixture.awaitPod(fixture.create(shellPod("doomed",
                "trap '' TERM; sleep 600 & while true; do sleep 1; done").build()).getMetadata().getName(),
                p -> phase(p, "Running"));
        String containerId = container(running, "main").getContainerID();
        long pid = fixture.pid(running, "main");
        assertThat(ProcessHandle.of(pid)).isPresent();
        assertThat(NodeAgentFixture.anyProcessOf(containerId)).isTrue();

        fixture.client.pods().inNamespace(fixture.ns()).withName("doomed").delete();

        fixture.awaitGone("doomed");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(NodeAgentFixture.anyProcessOf(containerId)).isFalse();
        assertThat(fixture.agent.workDir().resolve("pods").resolve(running.getMetadata().getUid())).doesNotExist();
    }

    @Test
    void deletingAPodRunsItsPreStopHookThenSendsSigterm() throws Exception {
        java.nio.file.Path out = Files.createTempDirectory(fixture.agent.workDir(), "prestop-");
        fixture.create(new PodBuilder(shellPod("graceful",
                "trap 'echo sigterm >> /out/events; exit 0' TERM; touch /out/started; "
                        + "while true; do sleep 0.2; done").build())
                .editSpec().withTerminationGracePeriodSeconds(10L)
                .addNewVolume().withName("out").withNewHostPath().withPath(out.toString()).endHostPath().endVolume()
                .editFirstContainer()
                .addNewVolumeMount().withName("out").withMountPath("/out").endVolumeMount()
                .withNewLifecycle().withNewPreStop().withNewExec()
                .withCommand("sh", "-c", "echo prestop >> /out/events").endExec().endPreStop().endLifecycle()
                .endContainer().endSpec().build());
        fixture.awaitPod("graceful", p -> phase(p, "Running"));
        // Running is reported when the process starts; its volumes are bound a moment later by its launch script.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(out.resolve("started")));

        fixture.client.pods().inNamespace(fixture.ns()).withName("graceful").delete();

        fixture.awaitGone("graceful");
        assertThat(Files.readAllLines(out.resolve("events"))).containsExactly("prestop", "sigterm");
    }

    @Test
    void aKilledProcessIsRestartedWithANewContainerId() throws Exception {
        Pod running = fixture.awaitPod(fixture.create(shellPod("phoenix", "exec sleep 600").build())
                .getMetadata().getName(), p -> phase(p, "Running"));
        String firstId = container(running, "main").getContainerID();

        new ProcessBuilder("kill", "-KILL", Long.toString(fixture.pid(running, "main"))).start().waitFor();

        Pod restarted = fixture.awaitPod("phoenix", p -> container(p, "main").getRestartCount() == 1
                && container(p, "main").getState().getRunning() != null);
        ContainerStatus main = container(restarted, "main");
        assertThat(main.getContainerID()).startsWith("cairn://").isNotEqualTo(firstId);
        assertThat(main.getLastState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(main.getLastState().getTerminated().getContainerID()).isEqualTo(firstId);
        assertThat(restarted.getStatus().getPhase()).isEqualTo("Running");
        assertThat(fixture.agent.logFile(restarted, "main", 1)).exists();
    }

    @Test
    void containersRunToCompletionByRestartPolicy() {
        fixture.create(new PodBuilder(shellPod("job-ok", "exit 0").build()).editSpec().withRestartPolicy("Never")
                .endSpec().build());
        fixture.create(new PodBuilder(shellPod("job-fails", "exit 3").build()).editSpec().withRestartPolicy("Never")
                .endSpec().build());

        Pod succeeded = fixture.awaitPod("job-ok", p -> phase(p, "Succeeded"));
        Pod failed = fixture.awaitPod("job-fails", p -> phase(p, "Failed"));

        assertThat(container(succeeded, "main").getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(container(failed, "main").getState().getTerminated().getExitCode()).isEqualTo(3);
        assertThat(container(failed, "main").getState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(container(failed, "main").getRestartCount()).isZero();
    }

    @Test
    void initContainersRunFirstAndExecProbesRunInsideTheContainer() {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName("with-init").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(2L)
                .addNewVolume().withName("work").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewInitContainer().withName("prepare").withImage("debian:bookworm")
                .withCommand("sh", "-c", "echo prepared > /work/init-output")
                .addNewVolumeMount().withName("work").withMountPath("/work").endVolumeMount()
                .endInitContainer()
                .addNewContainer().withName("main").withImage("debian:bookworm")
                .withCommand("sh", "-c", "cat /work/init-output; sleep 2; touch /work/ready; exec sleep 600")
                .addNewVolumeMount().withName("work").withMountPath("/work").endVolumeMount()
                .withNewReadinessProbe().withNewExec().withCommand("test", "-f", "/work/ready").endExec()
                .withPeriodSeconds(1).endReadinessProbe()
                .endContainer()
                .endSpec().build();
        fixture.create(pod);

        Pod initializing = fixture.awaitPod("with-init", p -> phase(p, "Running"));
        assertThat(initializing.getStatus().getInitContainerStatuses()).singleElement().satisfies(init -> {
            assertThat(init.getState().getTerminated().getExitCode()).isZero();
            assertThat(init.getReady()).isTrue();
        });
        Pod ready = fixture.awaitPod("with-init", NodeAgentFixture::ready);
        assertThat(container(ready, "main").getReady()).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                Files.readString(fixture.agent.logFile(ready, "main", 0))).startsWith("prepared"));
    }

    @Test
    void aFailingLivenessProbeRestartsTheContainer() {
        fixture.create(new PodBuilder(shellPod("unhealthy", "exec sleep 600").build())
                .editSpec().editFirstContainer()
                .withNewLivenessProbe().withNewTcpSocket().withPort(new IntOrString(9)).endTcpSocket()
                .withPeriodSeconds(1).withFailureThreshold(2).endLivenessProbe()
                .endContainer().endSpec().build());

        Pod restarted = fixture.awaitPod("unhealthy", p -> p.getStatus() != null
                && p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
                && container(p, "main").getRestartCount() >= 1);
        assertThat(container(restarted, "main").getLastState().getTerminated().getExitCode()).isEqualTo(143);
    }

    @Test
    void aPodWhoseImageEntrypointWeCannotKnowFailsWithAClearMessage() {
        fixture.create(new PodBuilder().withNewMetadata().withName("image-only").endMetadata()
                .withNewSpec().addNewContainer().withName("postgres").withImage("postgres:17").endContainer()
                .endSpec().build());

        Pod failed = fixture.awaitPod("image-only", p -> phase(p, "Failed"));

        assertThat(failed.getStatus().getReason()).isEqualTo("UnsupportedPodSpec");
        assertThat(failed.getStatus().getMessage()).contains("container \"postgres\" has no command")
                .contains("cannot know the entrypoint of image \"postgres:17\"");
        assertThat(container(failed, "postgres").getState().getWaiting().getReason())
                .isEqualTo("UnsupportedPodSpec");
    }
}
