package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The storage side of the node, playing the PV controller, a hostPath provisioner and the PVC/PV protection
 * controllers of a one-node cluster:
 *
 * <ul>
 * <li>a claim without a volume gets a directory {@code volumes/pvc-<claim uid>} and a PersistentVolume
 * {@code pvc-<claim uid>} (hostPath = that directory, capacity = the request, claimRef = the claim, node affinity
 * to this node), and is bound to it ({@code spec.volumeName}, phase Bound, capacity);</li>
 * <li>a claim being deleted loses its {@code kubernetes.io/pvc-protection} finalizer once no pod that has not
 * finished uses it;</li>
 * <li>a volume of ours whose claim is gone is reclaimed: with Delete (the default) its directory is deleted and the
 * volume removed; with Retain it is marked Released and kept.</li>
 * </ul>
 *
 * <p>Claims with a {@code dataSource} (restoring a VolumeSnapshot or cloning) stay Pending: this node cannot fill a
 * volume from a snapshot yet, and binding an empty one would silently lose data.
 */
final class VolumeProvisioner {

    private static final Logger LOG = Logger.getLogger(VolumeProvisioner.class);
    static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    static final String PROVISIONER = "cairn.io/local-node-agent";
    private static final String PVC_PROTECTION = "kubernetes.io/pvc-protection";
    private static final String PV_PROTECTION = "kubernetes.io/pv-protection";

    private final KubernetesClient client;
    private final NodeDirectories directories;
    private final String nodeName;
    private final boolean deleteReleased;
    private final Supplier<List<Pod>> pods;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    VolumeProvisioner(KubernetesClient client, NodeDirectories directories, String nodeName, boolean deleteReleased,
            Supplier<List<Pod>> pods) {
        this.client = client;
        this.directories = directories;
        this.nodeName = nodeName;
        this.deleteReleased = deleteReleased;
        this.pods = pods;
    }

    /** One pass over all claims and volumes; each step looks at the world first, so passes can repeat freely. */
    void sync(List<PersistentVolumeClaim> claims, List<PersistentVolume> volumes) {
        for (PersistentVolumeClaim claim : claims) {
            try {
                syncClaim(claim, volumes);
            } catch (KubernetesClientException e) {
                LOG.warnf("claim %s: %s", name(claim), e.getMessage());
            }
        }
        for (PersistentVolume volume : volumes) {
            try {
                syncVolume(volume, claims);
            } catch (KubernetesClientException e) {
                LOG.warnf("volume %s: %s", volume.getMetadata().getName(), e.getMessage());
            } catch (RuntimeException e) {
                // e.g. a volume of an earlier agent whose directory is outside this one's: one bad volume must not
                // stop the others from being handled
                if (warned.add(volume.getMetadata().getUid() + ":" + e.getMessage())) {
                    LOG.warnf("volume %s is left alone: %s", volume.getMetadata().getName(), e.getMessage());
                }
            }
        }
    }

    private void syncClaim(PersistentVolumeClaim claim, List<PersistentVolume> volumes) {
        if (claim.getMetadata().getDeletionTimestamp() != null) {
            releaseIfUnused(claim);
            return;
        }
        String volumeName = claim.getSpec().getVolumeName();
        if (volumeName == null || volumeName.isEmpty()) {
            if (claim.getSpec().getDataSource() != null || claim.getSpec().getDataSourceRef() != null) {
                if (warned.add(claim.getMetadata().getUid())) {
                    LOG.warnf("claim %s has a dataSource, which this node cannot provision yet; it stays Pending",
                            name(claim));
                }
                return;
            }
            provision(claim, volumes);
        } else if (claim.getStatus() == null || !"Bound".equals(claim.getStatus().getPhase())) {
            volumes.stream().filter(v -> v.getMetadata().getName().equals(volumeName) && ours(v)).findFirst()
                    .ifPresent(v -> markClaimBound(claim, v));
        }
    }

    private void provision(PersistentVolumeClaim claim, List<PersistentVolume> volumes) {
        String volumeName = "pvc-" + claim.getMetadata().getUid();
        Path dir = NodeDirectories.create(directories.volume(volumeName));
        PersistentVolume volume = volumes.stream().filter(v -> v.getMetadata().getName().equals(volumeName))
                .findFirst().orElse(null);
        if (volume == null) {
            try {
                volume = client.persistentVolumes().resource(newVolume(claim, volumeName, dir)).create();
                LOG.infof("provisioned volume %s at %s for claim %s", volumeName, dir, name(claim));
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                volume = client.persistentVolumes().withName(volumeName).require();
            }
        }
        PersistentVolumeClaim bound = client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace())
                .withName(claim.getMetadata().getName())
                .edit(c -> new PersistentVolumeClaimBuilder(c).editSpec().withVolumeName(volumeName).endSpec()
                        .editMetadata()
                        .addToAnnotations("pv.kubernetes.io/bind-completed", "yes")
                        .addToAnnotations("pv.kubernetes.io/bound-by-controller", "yes")
                        .addToAnnotations("volume.kubernetes.io/selected-node", nodeName)
                        .endMetadata().build());
        markClaimBound(bound, volume);
    }

    private PersistentVolume newVolume(PersistentVolumeClaim claim, String volumeName, Path dir) {
        Quantity request = claim.getSpec().getResources() == null || claim.getSpec().getResources().getRequests() == null
                ? new Quantity("1Gi") : claim.getSpec().getResources().getRequests().getOrDefault("storage",
                        new Quantity("1Gi"));
        List<String> accessModes = claim.getSpec().getAccessModes() == null || claim.getSpec().getAccessModes().isEmpty()
                ? List.of("ReadWriteOnce") : claim.getSpec().getAccessModes();
        return new PersistentVolumeBuilder()
                .withNewMetadata().withName(volumeName)
                .addToAnnotations(PROVISIONED_BY, PROVISIONER)
                .addToLabels("cairn.io/local-node", nodeName)
                .endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", request))
                .withAccessModes(accessModes)
                .withPersistentVolumeReclaimPolicy(deleteReleased ? "Delete" : "Retain")
                .withStorageClassName(claim.getSpec().getStorageClassName() == null ? ""
                        : claim.getSpec().getStorageClassName())
                .withVolumeMode(claim.getSpec().getVolumeMode())
                .withNewHostPath().withPath(dir.toString()).withType("Directory").endHostPath()
                .withClaimRef(new ObjectReferenceBuilder().withApiVersion("v1").withKind("PersistentVolumeClaim")
                        .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                        .withUid(claim.getMetadata().getUid()).build())
                .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey("kubernetes.io/hostname").withOperator("In").withValues(nodeName).endMatchExpression()
                .endNodeSelectorTerm().endRequired().endNodeAffinity()
                .endSpec()
                .build();
    }

    private void markClaimBound(PersistentVolumeClaim claim, PersistentVolume volume) {
        PersistentVolumeClaim patch = new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(claim.getMetadata().getName()).endMetadata()
                .withNewStatus().withPhase("Bound").withAccessModes(volume.getSpec().getAccessModes())
                .withCapacity(volume.getSpec().getCapacity()).endStatus()
                .build();
        client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace())
                .withName(claim.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        LOG.infof("claim %s is bound to volume %s", name(claim), volume.getMetadata().getName());
    }

    private void releaseIfUnused(PersistentVolumeClaim claim) {
        List<String> finalizers = claim.getMetadata().getFinalizers();
        if (finalizers == null || !finalizers.contains(PVC_PROTECTION)) {
            return;
        }
        boolean inUse = pods.get().stream().anyMatch(pod -> usesClaim(pod, claim));
        if (!inUse) {
            client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace())
                    .withName(claim.getMetadata().getName())
                    .edit(c -> new PersistentVolumeClaimBuilder(c).editMetadata().removeFromFinalizers(PVC_PROTECTION)
                            .endMetadata().build());
            LOG.infof("claim %s is no longer used; released it for deletion", name(claim));
        }
    }

    private static boolean usesClaim(Pod pod, PersistentVolumeClaim claim) {
        if (!pod.getMetadata().getNamespace().equals(claim.getMetadata().getNamespace())
                || pod.getSpec().getVolumes() == null) {
            return false;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean finished = "Succeeded".equals(phase) || "Failed".equals(phase);
        return !finished && pod.getSpec().getVolumes().stream().anyMatch(v -> v.getPersistentVolumeClaim() != null
                && claim.getMetadata().getName().equals(v.getPersistentVolumeClaim().getClaimName()));
    }

    private void syncVolume(PersistentVolume volume, List<PersistentVolumeClaim> claims) {
        if (!ours(volume) || volume.getSpec().getClaimRef() == null) {
            return;
        }
        var ref = volume.getSpec().getClaimRef();
        boolean claimExists = claims.stream().anyMatch(c -> c.getMetadata().getUid().equals(ref.getUid()));
        String phase = volume.getStatus() == null ? null : volume.getStatus().getPhase();
        if (claimExists) {
            if (!"Bound".equals(phase)) {
                setPhase(volume, "Bound");
            }
            return;
        }
        if (claimStillInApi(ref.getNamespace(), ref.getName(), ref.getUid())) {
            return;
        }
        if ("Delete".equals(volume.getSpec().getPersistentVolumeReclaimPolicy())) {
            Path dir = Path.of(volume.getSpec().getHostPath().getPath());
            directories.deleteTree(dir);
            client.persistentVolumes().withName(volume.getMetadata().getName()).edit(v -> new PersistentVolumeBuilder(v)
                    .editMetadata().removeFromFinalizers(PV_PROTECTION).endMetadata().build());
            client.persistentVolumes().withName(volume.getMetadata().getName()).delete();
            LOG.infof("claim %s/%s is gone: deleted volume %s and its directory %s", ref.getNamespace(),
                    ref.getName(), volume.getMetadata().getName(), dir);
        } else if (!"Released".equals(phase)) {
            setPhase(volume, "Released");
            LOG.infof("claim %s/%s is gone: volume %s is Released and kept (reclaim policy Retain)",
                    ref.getNamespace(), ref.getName(), volume.getMetadata().getName());
        }
    }

    /** Informer caches may lag: ask the API server before deleting anything. */
    private boolean claimStillInApi(String namespace, String name, String uid) {
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
        return claim != null && uid.equals(claim.getMetadata().getUid());
    }

    private void setPhase(PersistentVolume volume, String phase) {
        PersistentVolume patch = new PersistentVolumeBuilder().withNewMetadata()
                .withName(volume.getMetadata().getName()).endMetadata().withNewStatus().withPhase(phase).endStatus()
                .build();
        client.persistentVolumes().withName(volume.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private static boolean ours(PersistentVolume volume) {
        return volume.getMetadata().getAnnotations() != null
                && PROVISIONER.equals(volume.getMetadata().getAnnotations().get(PROVISIONED_BY));
    }

    private static String name(PersistentVolumeClaim claim) {
        return claim.getMetadata().getNamespace() + "/" + claim.getMetadata().getName();
    }
}
