package io.cairn.backup;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** Instance pods of the cluster {@code pg} in namespace {@code ns}, as the backup steps read them. */
public final class InstancePodFixture {

    private InstancePodFixture() {}

    /** A Ready pod with an IP and a postgres container. */
    public static Pod pod(String name, String ip, String containerId) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("ns")
                .addToLabels("cnpg.io/cluster", "pg")
                .endMetadata()
                .withNewStatus()
                .withPodIP(ip)
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .addNewContainerStatus()
                .withName("postgres")
                .withContainerID(containerId)
                .endContainerStatus()
                .endStatus()
                .build();
    }
}
