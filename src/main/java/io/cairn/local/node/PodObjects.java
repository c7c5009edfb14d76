package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** The objects a pod refers to, read when its containers start. An interface so unit tests can hand them in. */
interface PodObjects {

    Optional<Secret> secret(String namespace, String name);

    Optional<ConfigMap> configMap(String namespace, String name);

    Optional<PersistentVolumeClaim> claim(String namespace, String name);

    Optional<PersistentVolume> volume(String name);

    /** Reads each object from the API server when asked (a kubelet reads them when it starts a container). */
    static PodObjects from(KubernetesClient client) {
        return new PodObjects() {
            @Override
            public Optional<Secret> secret(String namespace, String name) {
                return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
            }

            @Override
            public Optional<ConfigMap> configMap(String namespace, String name) {
                return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
            }

            @Override
            public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
                return Optional.ofNullable(
                        client.persistentVolumeClaims().inNamespace(namespace).withName(name).get());
            }

            @Override
            public Optional<PersistentVolume> volume(String name) {
                return Optional.ofNullable(client.persistentVolumes().withName(name).get());
            }
        };
    }
}
