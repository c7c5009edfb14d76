package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Registers this machine as a Node and keeps it alive, as a kubelet does: the Node with labels, capacity,
 * addresses and a Ready condition whose heartbeat time moves, and a Lease in {@code kube-node-lease} renewed on
 * every heartbeat.
 */
final class NodeRegistrar {

    private static final Logger LOG = Logger.getLogger(NodeRegistrar.class);
    static final String LEASE_NAMESPACE = "kube-node-lease";

    private final KubernetesClient client;
    private final NodeFacts node;
    private final Clock clock;
    private final int leaseSeconds;
    private String registeredAt;
    private String readySince;
    private String nodeUid;
    private String version;

    NodeRegistrar(KubernetesClient client, NodeFacts node, Clock clock, int leaseSeconds) {
        this.client = client;
        this.node = node;
        this.clock = clock;
        this.leaseSeconds = leaseSeconds;
    }

    /** The labels of this Node; a pod's nodeSelector must match them. */
    Map<String, String> labels() {
        return Map.of("kubernetes.io/hostname", node.nodeName(), "kubernetes.io/os", "linux",
                "kubernetes.io/arch", "amd64", "cairn.io/local-node", "true");
    }

    /** Creates the Node (or takes over the one an earlier agent registered) and reports it Ready. */
    void register() {
        version = client.getKubernetesVersion().getGitVersion();
        Node existing = client.nodes().withName(node.nodeName()).get();
        Node registered;
        if (existing == null) {
            registered = client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node.nodeName())
                    .withLabels(labels()).endMetadata().build()).create();
            LOG.infof("registered node %s", node.nodeName());
        } else {
            registered = client.nodes().withName(node.nodeName()).edit(n -> new NodeBuilder(n).editMetadata()
                    .addToLabels(labels()).endMetadata().build());
            LOG.infof("node %s already registered; taking it over", node.nodeName());
        }
        nodeUid = registered.getMetadata().getUid();
        registeredAt = now();
        readySince = registeredAt;
        heartbeat();
    }

    /** Renews the Node status and the Lease. Failures are logged; the next heartbeat tries again. */
    void heartbeat() {
        try {
            patchStatus(status(true, "KubeletReady", "the Cairn local node agent is posting ready status"));
            renewLease();
        } catch (KubernetesClientException e) {
            LOG.warnf("node %s heartbeat failed: %s", node.nodeName(), e.getMessage());
        }
    }

    /** Reports the Node not ready: the agent stops and no longer runs pods. */
    void markStopped() {
        try {
            readySince = now();
            patchStatus(status(false, "NodeAgentStopped", "the Cairn local node agent has stopped"));
        } catch (RuntimeException e) {
            LOG.debugf("cannot mark node %s stopped: %s", node.nodeName(), e.getMessage());
        }
    }

    private NodeStatus status(boolean ready, String reason, String message) {
        String now = now();
        Map<String, Quantity> capacity = Map.of(
                "cpu", new Quantity(Integer.toString(node.cpus())),
                "memory", new Quantity(Long.toString(node.memoryBytes())),
                "pods", new Quantity("110"),
                "ephemeral-storage", new Quantity(Long.toString(diskBytes())));
        List<NodeCondition> conditions = List.of(
                condition("Ready", ready ? "True" : "False", reason, message, readySince, now),
                condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "", registeredAt, now),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "", registeredAt, now),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", "", registeredAt, now));
        return new NodeStatusBuilder()
                .withCapacity(capacity)
                .withAllocatable(capacity)
                .withConditions(conditions)
                .withAddresses(new NodeAddress(node.hostIP(), "InternalIP"),
                        new NodeAddress(node.nodeName(), "Hostname"))
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(0).endKubeletEndpoint()
                .endDaemonEndpoints()
                .withNewNodeInfo()
                .withArchitecture("amd64").withOperatingSystem("linux")
                .withKernelVersion(System.getProperty("os.version"))
                .withOsImage(osImage())
                .withContainerRuntimeVersion("cairn://local-processes")
                .withKubeletVersion(version)
                .withKubeProxyVersion("")
                .withMachineID("").withSystemUUID("").withBootID("")
                .endNodeInfo()
                .build();
    }

    private void patchStatus(NodeStatus status) {
        Node patch = new NodeBuilder().withNewMetadata().withName(node.nodeName()).endMetadata().withStatus(status)
                .build();
        client.nodes().withName(node.nodeName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private void renewLease() {
        Lease lease = new LeaseBuilder()
                .withNewMetadata().withName(node.nodeName()).withNamespace(LEASE_NAMESPACE)
                .addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(node.nodeName())
                .withUid(nodeUid).endOwnerReference()
                .endMetadata()
                .withNewSpec().withHolderIdentity(node.nodeName()).withLeaseDurationSeconds(leaseSeconds)
                .withRenewTime(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).endSpec()
                .build();
        client.leases().inNamespace(LEASE_NAMESPACE).resource(lease).fieldManager("cairn-local-node-agent")
                .forceConflicts().serverSideApply();
    }

    private static NodeCondition condition(String type, String status, String reason, String message,
            String since, String heartbeat) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).withLastHeartbeatTime(heartbeat).build();
    }

    private String now() {
        return PodStatusFactory.timestamp(clock.instant());
    }

    private static long diskBytes() {
        try {
            return Files.getFileStore(Path.of("/")).getTotalSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String osImage() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "Linux";
    }
}
