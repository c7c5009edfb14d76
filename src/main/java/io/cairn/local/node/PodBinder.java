package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The scheduler of a one-node cluster: binds every pod that has no {@code spec.nodeName} (and is meant for the
 * default scheduler) to this node through the {@code pods/binding} subresource, as kube-scheduler does. A pod whose
 * {@code nodeSelector} does not match the node's labels stays Pending with PodScheduled=False/Unschedulable.
 * Affinity, tolerations and resource requests are not considered: there is only one node.
 */
final class PodBinder {

    private static final Logger LOG = Logger.getLogger(PodBinder.class);

    private final KubernetesClient client;
    private final String nodeName;
    private final Map<String, String> nodeLabels;
    private final ExecutorService executor;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    PodBinder(KubernetesClient client, String nodeName, Map<String, String> nodeLabels, ExecutorService executor,
            Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.nodeLabels = nodeLabels;
        this.executor = executor;
        this.clock = clock;
    }

    void onPod(Pod pod) {
        boolean unscheduled = pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty();
        String scheduler = pod.getSpec().getSchedulerName();
        boolean ours = scheduler == null || scheduler.isEmpty() || scheduler.equals("default-scheduler");
        if (unscheduled && ours && pod.getMetadata().getDeletionTimestamp() == null
                && inFlight.add(pod.getMetadata().getUid())) {
            executor.execute(() -> {
                try {
                    schedule(pod);
                } finally {
                    inFlight.remove(pod.getMetadata().getUid());
                }
            });
        }
    }

    private void schedule(Pod pod) {
        String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector != null && !selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(nodeLabels.get(e.getKey())))) {
            markUnschedulable(pod, "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.");
            return;
        }
        Binding binding = new BindingBuilder()
                .withNewMetadata().withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
                .endMetadata()
                .withNewTarget().withApiVersion("v1").withKind("Node").withName(nodeName).endTarget()
                .build();
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/"
                + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName() + "/binding";
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url)
                .post("application/json", client.getKubernetesSerialization().asJson(binding)).build();
        try {
            HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class)
                    .get(30, TimeUnit.SECONDS);
            if (response.code() / 100 == 2) {
                LOG.infof("bound pod %s to node %s", name, nodeName);
            } else if (response.code() != 409 && response.code() != 404) {
                LOG.warnf("cannot bind pod %s: HTTP %d %s", name, response.code(), response.body());
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("cannot bind pod %s: %s", name, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void markUnschedulable(Pod pod, String message) {
        Pod patch = new PodBuilder().withNewMetadata().withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid()).endMetadata()
                .withNewStatus().withPhase("Pending").addToConditions(new PodConditionBuilder()
                        .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                        .withMessage(message).withLastTransitionTime(PodStatusFactory.timestamp(clock.instant()))
                        .build())
                .endStatus().build();
        try {
            boolean already = pod.getStatus() != null && pod.getStatus().getConditions() != null
                    && pod.getStatus().getConditions().stream().anyMatch(c -> "PodScheduled".equals(c.getType())
                            && "Unschedulable".equals(c.getReason()));
            if (!already) {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                LOG.infof("pod %s/%s is unschedulable: %s", pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(), message);
            }
        } catch (KubernetesClientException e) {
            LOG.debugf("cannot mark pod unschedulable: %s", e.getMessage());
        }
    }
}
