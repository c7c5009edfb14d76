package io.cairn.local;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;

/**
 * Proves kube-controller-manager's garbage collector is running: a ConfigMap owned by another is deleted once its
 * owner is. Until that works, owner-reference cascades in tests would silently not happen.
 */
final class GarbageCollectorCanary {

    private static final String NAMESPACE = "kube-system";

    private final KubernetesClient client;

    GarbageCollectorCanary(KubernetesClient client) {
        this.client = client;
    }

    void await(Duration timeout) {
        String suffix = Long.toHexString(System.nanoTime());
        ConfigMap owner = client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("cairn-gc-canary-owner-" + suffix).endMetadata().build()).create();
        ConfigMap dependent = client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("cairn-gc-canary-dependent-" + suffix)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).build())
                .endMetadata().build()).create();
        client.resource(owner).delete();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (client.configMaps().inNamespace(NAMESPACE).withName(dependent.getMetadata().getName()).get() == null) {
                return;
            }
            LocalControlPlane.sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("kube-controller-manager's garbage collector did not delete a dependent "
                + "within " + timeout);
    }
}
