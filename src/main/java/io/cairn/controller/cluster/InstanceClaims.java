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
import io.fabric8.kubernetes.api.model.TypedLocalObjectReferenceBuilder;
import java.util.List;
import java.util.Map;

/**
 * An instance's claims: PGDATA ({@code <instance>}) and, with {@code walStorage}, pg_wal ({@code <instance>-wal});
 * the first instance of a Cluster recovering from VolumeSnapshots gets them restored from the snapshots.
 */
final class InstanceClaims {

    static final String DEFAULT_STORAGE_SIZE = "1Gi";

    private InstanceClaims() {}

    static PersistentVolumeClaim dataClaim(Cluster cluster, String instanceName) {
        return dataClaim(cluster, instanceName, null);
    }

    static PersistentVolumeClaim walClaim(Cluster cluster, String instanceName) {
        return walClaim(cluster, instanceName, null);
    }

    /** @param source what the claim is restored from (a recovery from VolumeSnapshots), or null for an empty one */
    static PersistentVolumeClaim dataClaim(Cluster cluster, String instanceName, RecoverySource.ClaimSource source) {
        return claim(
                cluster, instanceName, instanceName, PG_DATA, cluster.getSpec().storage(), source);
    }

    /** @param source what the claim is restored from (a recovery from VolumeSnapshots), or null for an empty one */
    static PersistentVolumeClaim walClaim(Cluster cluster, String instanceName, RecoverySource.ClaimSource source) {
        return claim(
                cluster,
                walClaimName(instanceName),
                instanceName,
                PG_WAL,
                cluster.getSpec().walStorage(),
                source);
    }

    private static PersistentVolumeClaim claim(
            Cluster cluster,
            String name,
            String instanceName,
            String role,
            StorageConfiguration storage,
            RecoverySource.ClaimSource source) {
        PersistentVolumeClaimSpec spec;
        if (storage != null && storage.pvcTemplate() != null) {
            spec = new PersistentVolumeClaimSpecBuilder(storage.pvcTemplate()).build();
        } else {
            spec = new PersistentVolumeClaimSpecBuilder()
                    .withAccessModes("ReadWriteOnce")
                    .build();
        }
        if (spec.getAccessModes() == null || spec.getAccessModes().isEmpty()) {
            spec.setAccessModes(List.of("ReadWriteOnce"));
        }
        String size = storage != null && storage.size() != null ? storage.size() : null;
        if (size != null
                || spec.getResources() == null
                || spec.getResources().getRequests() == null
                || !spec.getResources().getRequests().containsKey("storage")) {
            spec = new PersistentVolumeClaimSpecBuilder(spec)
                    .editOrNewResources()
                    .addToRequests("storage", new Quantity(size != null ? size : DEFAULT_STORAGE_SIZE))
                    .endResources()
                    .build();
        }
        if (storage != null && storage.storageClass() != null) {
            spec.setStorageClassName(storage.storageClass());
        }
        if (source != null) {
            spec.setDataSource(new TypedLocalObjectReferenceBuilder()
                    .withApiGroup(source.reference().apiGroup())
                    .withKind(source.reference().kind())
                    .withName(source.reference().name())
                    .build());
            Quantity requested = spec.getResources().getRequests().get("storage");
            if (source.restoreSize() != null
                    && Quantity.getAmountInBytes(source.restoreSize()).compareTo(Quantity.getAmountInBytes(requested))
                            > 0) {
                // a volume restored from a snapshot is at least as large as the snapshot's volume
                spec.getResources().getRequests().put("storage", source.restoreSize());
            }
        }
        return new PersistentVolumeClaimBuilder()
                .withMetadata(owned(cluster, name, Map.of(INSTANCE_NAME_LABEL, instanceName, PVC_ROLE_LABEL, role)))
                .withSpec(spec)
                .build();
    }
}
