package io.cairn.local.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agent registers a Node, keeps it and its Lease fresh, and schedules pods onto it. */
class NodeRegistrationIT {

    private static NodeAgentFixture fixture;

    @BeforeAll
    static void startAgent() {
        fixture = NodeAgentFixture.start("node", s -> s.withHeartbeatInterval(Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stopAgent() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static NodeCondition ready(Node node) {
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst()
                .orElseThrow();
    }

    @Test
    void theNodeIsRegisteredReadyWithCapacityAddressesAndAFreshLease() {
        Node node = fixture.client.nodes().withName("cairn-local").get();

        assertThat(node.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", "cairn-local")
                .containsEntry("kubernetes.io/os", "linux");
        assertThat(ready(node).getStatus()).isEqualTo("True");
        assertThat(ready(node).getReason()).isEqualTo("KubeletReady");
        assertThat(node.getStatus().getCapacity()).containsKeys("cpu", "memory", "pods");
        assertThat(node.getStatus().getAllocatable()).isEqualTo(node.getStatus().getCapacity());
        assertThat(node.getStatus().getAddresses()).anySatisfy(a -> {
            assertThat(a.getType()).isEqualTo("InternalIP");
            assertThat(a.getAddress()).isEqualTo("127.0.0.1");
        });
        assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).startsWith("v1.");

        String firstHeartbeat = ready(node).getLastHeartbeatTime();
        Lease first = fixture.client.leases().inNamespace("kube-node-lease").withName("cairn-local").get();
        assertThat(first.getSpec().getHolderIdentity()).isEqualTo("cairn-local");
        assertThat(first.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(node.getMetadata().getUid()));
        ZonedDateTime firstRenewal = first.getSpec().getRenewTime();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !ready(fixture.client.nodes().withName("cairn-local").get()).getLastHeartbeatTime()
                        .equals(firstHeartbeat)
                && fixture.client.leases().inNamespace("kube-node-lease").withName("cairn-local").get().getSpec()
                        .getRenewTime().isAfter(firstRenewal));
    }

    @Test
    void aPodWithoutANodeIsBoundToThisNodeThroughTheBindingSubresource() {
        Pod created = fixture.create(PodLifecycleIT.shellPod("unscheduled", "exec sleep 600").build());
        assertThat(created.getSpec().getNodeName()).isNull();

        Pod running = fixture.awaitPod("unscheduled", p -> NodeAgentFixture.phase(p, "Running"));

        assertThat(running.getSpec().getNodeName()).isEqualTo("cairn-local");
        assertThat(running.getStatus().getConditions()).filteredOn(c -> "PodScheduled".equals(c.getType()))
                .extracting(PodCondition::getStatus).containsExactly("True");
    }

    @Test
    void aPodWhoseNodeSelectorDoesNotMatchStaysPendingAndUnschedulable() {
        fixture.create(new PodBuilder(PodLifecycleIT.shellPod("elsewhere", "exec sleep 600").build())
                .editSpec().addToNodeSelector("disktype", "ssd").endSpec().build());

        Pod pending = fixture.awaitPod("elsewhere", p -> p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream().anyMatch(c -> "PodScheduled".equals(c.getType())
                        && "False".equals(c.getStatus())));

        assertThat(pending.getSpec().getNodeName()).isNull();
        assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(pending.getStatus().getConditions()).filteredOn(c -> "PodScheduled".equals(c.getType()))
                .singleElement().satisfies(c -> {
                    assertThat(c.getReason()).isEqualTo("Unschedulable");
                    assertThat(c.getMessage()).contains("didn't match Pod's node affinity/selector");
                });
    }
}
