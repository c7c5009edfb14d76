package io.cairn.local.node;

import static io.cairn.local.node.NodeAgentFixture.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Services are reachable by name from pods and from this JVM, and follow their pods. */
class ServicesIT {

    private static final Path HOSTS = Path.of("/etc/hosts");
    private static NodeAgentFixture fixture;
    private static String namespace;

    @BeforeAll
    static void startAgent() {
        fixture = NodeAgentFixture.start("services", true);
        namespace = fixture.ns();
    }

    @AfterAll
    static void stopAgentAndCheckTheHostsFileIsClean() throws IOException {
        if (fixture != null) {
            fixture.close();
            assertThat(Files.readString(HOSTS)).doesNotContain(namespace);
        }
    }

    /** An HTTP server that answers with its pod's name, on the named port "http" (8080). */
    private static Pod backend(String name) {
        return new PodBuilder()
                .withNewMetadata().withName(name).addToLabels("app", "web").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(2L)
                .addNewVolume().withName("www").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewContainer().withName("server").withImage("python:3")
                .withCommand("sh", "-c", "hostname > /www/index.html; "
                        + "exec python3 -m http.server --bind $(POD_IP) --directory /www 8080")
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().endEnv()
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .addNewVolumeMount().withName("www").withMountPath("/www").endVolumeMount()
                .withNewReadinessProbe().withNewHttpGet().withPath("/").withPort(new IntOrString("http"))
                .endHttpGet().withPeriodSeconds(1).endReadinessProbe()
                .endContainer()
                .endSpec().build();
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body().trim();
    }

    @Test
    void aServiceIsReachableByNameFromPodsAndFromOutsideAndFollowsItsPods() throws Exception {
        fixture.create(backend("web-1"));
        fixture.create(backend("web-2"));
        fixture.client.services().inNamespace(namespace).resource(new ServiceBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addToSelector("app", "web")
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).endPort()
                .endSpec().build()).create();
        fixture.awaitPod("web-1", NodeAgentFixture::ready);
        fixture.awaitPod("web-2", NodeAgentFixture::ready);
        await().atMost(Duration.ofSeconds(15)).until(() -> fixture.agent.serviceAddress(namespace, "web").isPresent());
        String address = fixture.agent.serviceAddress(namespace, "web").orElseThrow();
        assertThat(address).matches("127\\.0\\.0\\.\\d+");
        assertThat(Files.readAllLines(HOSTS)).contains(address + "\tweb." + namespace + " web." + namespace
                + ".svc web." + namespace + ".svc.cluster.local");

        HttpClient http = HttpClient.newHttpClient();
        Set<String> answeredBy = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            answeredBy.add(get(http, "http://web." + namespace + ".svc.cluster.local/"));
        }
        assertThat(answeredBy).as("round-robin over both ready pods").containsExactlyInAnyOrder("web-1", "web-2");

        Pod client = fixture.create(new PodBuilder()
                .withNewMetadata().withName("client").endMetadata()
                .withNewSpec().withRestartPolicy("Never").withTerminationGracePeriodSeconds(2L)
                .addNewContainer().withName("client").withImage("python:3")
                .withCommand("python3", "-c", "import urllib.request\n"
                        + "for url in ['http://web/', 'http://web." + namespace + ".svc.cluster.local/']:\n"
                        + "    print(url, urllib.request.urlopen(url, timeout=5).read().decode().strip())")
                .endContainer().endSpec().build());
        Pod finished = fixture.awaitPod("client", p -> phase(p, "Succeeded") || phase(p, "Failed"));
        String output = Files.readString(fixture.agent.logFile(finished, "client", 0));
        assertThat(finished.getStatus().getPhase()).as(output).isEqualTo("Succeeded");
        assertThat(output).containsPattern("http://web/ web-[12]\n")
                .containsPattern("http://web\\." + namespace + "\\.svc\\.cluster\\.local/ web-[12]\n");

        fixture.client.pods().inNamespace(namespace).withName("web-1").delete();
        fixture.awaitGone("web-1");
        for (int i = 0; i < 4; i++) {
            assertThat(get(http, "http://web." + namespace + ".svc.cluster.local/")).isEqualTo("web-2");
        }
    }
}
