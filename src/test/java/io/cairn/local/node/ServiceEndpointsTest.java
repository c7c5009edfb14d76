package io.cairn.local.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceEndpointsTest {

    private static Pod pod(String name, String namespace, String role, String ip, boolean ready) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).addToLabels("role", role).endMetadata()
                .withNewSpec().addNewContainer().withName("postgres").addNewPort().withName("postgresql")
                .withContainerPort(5432).endPort().endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
    }

    private static Service service(boolean publishNotReady) {
        return new ServiceBuilder().withNewMetadata().withName("cluster-rw").withNamespace("db").endMetadata()
                .withNewSpec().addToSelector("role", "primary").withPublishNotReadyAddresses(publishNotReady)
                .endSpec().build();
    }

    private static final ServicePort NAMED = new ServicePortBuilder().withPort(5432)
            .withTargetPort(new IntOrString("postgresql")).build();

    private final List<Pod> pods = List.of(
            pod("primary", "db", "primary", "127.0.0.5", true),
            pod("starting", "db", "primary", "127.0.0.6", false),
            pod("replica", "db", "replica", "127.0.0.7", true),
            pod("elsewhere", "other", "primary", "127.0.0.8", true));

    @Test
    void readyPodsOfTheNamespaceThatMatchTheSelectorOnTheirNamedPort() {
        assertThat(ServiceEndpoints.of(service(false), NAMED, pods))
                .containsExactly(new InetSocketAddress("127.0.0.5", 5432));
    }

    @Test
    void notReadyPodsCountWhenTheServiceSaysSo() {
        assertThat(ServiceEndpoints.of(service(true), new ServicePortBuilder().withPort(80)
                .withTargetPort(new IntOrString(8000)).build(), pods))
                .containsExactly(new InetSocketAddress("127.0.0.5", 8000), new InetSocketAddress("127.0.0.6", 8000));
    }

    @Test
    void aServiceWithoutSelectorHasNoEndpoints() {
        Service manual = new ServiceBuilder(service(false)).editSpec().withSelector(null).endSpec().build();
        assertThat(ServiceEndpoints.of(manual, NAMED, pods)).isEmpty();
    }
}
