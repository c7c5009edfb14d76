package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.jboss.logging.Logger;

/**
 * Writes a pod's status: one JSON merge patch of the {@code status} subresource (lists such as conditions and
 * containerStatuses are replaced whole), carrying the pod's uid so it can never land on a new pod of the same name.
 */
final class PodStatusReporter {

    private static final Logger LOG = Logger.getLogger(PodStatusReporter.class);

    private final KubernetesClient client;

    PodStatusReporter(KubernetesClient client) {
        this.client = client;
    }

    /** Sends the status; returns false when the pod is gone or the write failed (the caller tries again later). */
    boolean report(Pod pod, PodStatus status) {
        Pod patch = new PodBuilder()
                .withNewMetadata().withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace()).withUid(pod.getMetadata().getUid()).endMetadata()
                .withStatus(status)
                .build();
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warnf("cannot write the status of pod %s/%s: %s", pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(), e.getMessage());
            }
            return false;
        }
    }
}
