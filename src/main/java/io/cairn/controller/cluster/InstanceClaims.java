package io.cairn.controller.cluster;

import static io.cairn.controller.cluster.ClusterResources.INSTANCE_NAME_LABEL;
import static io.cairn.controller.cluster.ClusterResources.PG_DATA;
import static io.cairn.controller.cluster.ClusterResources.PG_WAL;
import static io.cairn.controller.cluster.ClusterResources.PVC_ROLE_LABEL;
import static io.cairn.controller.cluster.ClusterResources.owned;
import static io.cairn.controller.cluster.ClusterResources.walClaimName;

import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.StorageConfiguration;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/** An instance's claims: PGDATA ({@code <instance>}) and, with {@code walStorage}, pg_wal ({@code <instance>-wal}). */
final class InstanceClaims {

    static final String DEFAULT_STORAGE_SIZE = "1Gi";

    private InstanceClaims() {
    }

    static PersistentVolumeClaim dataClaim(Cluster cluster, String instanceName) {
        return claim(cluster, instanceName, instanceName, PG_DATA, cluster.getSpec().storage());
    }

    static PersistentVolumeClaim walClaim(Cluster cluster, String instanceName) {
        return claim(cluster, walClaimName(instanceName), instanceName, PG_WAL, cluster.getSpec().walStorage());
    }

    private static PersistentVolumeClaim claim(Cluster cluster, String name, String instanceName, String role,
            StorageConfiguration storage) {
        PersistentVolumeClaimSpec spec;
        if (storage != null && storage.pvcTemplate() != null) {
            spec = new PersistentVolumeClaimSpecBuilder(storage.pvcTemplate()).build();
        } else {
            spec = new PersistentVolumeClaimSpecBuilder().withAccessModes("ReadWriteOnce").build();
        }
        if (spec.getAccessModes() == null || spec.getAccessModes().isEmpty()) {
            spec.setAccessModes(List.of("ReadWriteOnce"));
        }
        String size = storage != null && storage.size() != null ? storage.size() : null;
        if (size != null || spec.getResources() == null || spec.getResources().getRequests() == null
                || !spec.getResources().getRequests().containsKey("storage")) {
            spec = new PersistentVolumeClaimSpecBuilder(spec).editOrNewResources()
                    .addToRequests("storage", new Quantity(size != null ? size : DEFAULT_STORAGE_SIZE))
                    .endResources().build();
        }
        if (storage != null && storage.storageClass() != null) {
            spec.setStorageClassName(storage.storageClass());
        }
        return new PersistentVolumeClaimBuilder()
                .withMetadata(owned(cluster, name, Map.of(INSTANCE_NAME_LABEL, instanceName, PVC_ROLE_LABEL, role)))
                .withSpec(spec)
                .build();
    }
}
