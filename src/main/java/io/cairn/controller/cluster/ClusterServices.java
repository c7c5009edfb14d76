package io.cairn.controller.cluster;

import static io.cairn.controller.cluster.ClusterResources.CLUSTER_LABEL;
import static io.cairn.controller.cluster.ClusterResources.INSTANCE_ROLE_LABEL;
import static io.cairn.controller.cluster.ClusterResources.PG_PORT;
import static io.cairn.controller.cluster.ClusterResources.PRIMARY;
import static io.cairn.controller.cluster.ClusterResources.REPLICA;
import static io.cairn.controller.cluster.ClusterResources.owned;
import static io.cairn.controller.cluster.ClusterResources.selector;
import static io.cairn.controller.cluster.ClusterResources.serviceName;

import io.cairn.api.v1.Cluster;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;

/** The Cluster's Services: {@code -rw} (the primary), {@code -ro} (the standbys) and {@code -r} (any instance). */
final class ClusterServices {

    private ClusterServices() {}

    static List<Service> services(Cluster cluster) {
        return List.of(
                service(
                        cluster,
                        "rw",
                        Map.of(CLUSTER_LABEL, cluster.getMetadata().getName(), INSTANCE_ROLE_LABEL, PRIMARY)),
                service(
                        cluster,
                        "ro",
                        Map.of(CLUSTER_LABEL, cluster.getMetadata().getName(), INSTANCE_ROLE_LABEL, REPLICA)),
                service(
                        cluster,
                        "r",
                        Map.of(CLUSTER_LABEL, cluster.getMetadata().getName())));
    }

    private static Service service(Cluster cluster, String suffix, Map<String, String> selector) {
        return new ServiceBuilder()
                .withMetadata(owned(cluster, serviceName(cluster, suffix), Map.of()))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(selector)
                .addNewPort()
                .withName("postgres")
                .withProtocol("TCP")
                .withPort(PG_PORT)
                .withTargetPort(new IntOrString(PG_PORT))
                .endPort()
                .endSpec()
                .build();
    }
}
