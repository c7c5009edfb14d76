package io.cairn.backup.volumesnapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.Labels;
import io.cairn.instance.api.InstanceJson;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link SnapshotResources} through the Kubernetes API. */
@ApplicationScoped
public class KubernetesSnapshotResources implements SnapshotResources {

    public static final ResourceDefinitionContext VOLUME_SNAPSHOTS = new ResourceDefinitionContext.Builder()
            .withGroup("snapshot.storage.k8s.io")
            .withVersion("v1")
            .withKind(SnapshotObjects.KIND)
            .withPlural("volumesnapshots")
            .withNamespaced(true)
            .build();
    static final String INSTANCE_NAME_LABEL = Labels.INSTANCE_NAME;

    private final KubernetesClient client;

    @Inject
    public KubernetesSnapshotResources(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public List<InstanceClaim> claims(String namespace, String instance) {
        return client
                .persistentVolumeClaims()
                .inNamespace(namespace)
                .withLabel(INSTANCE_NAME_LABEL, instance)
                .list()
                .getItems()
                .stream()
                .filter(claim -> claim.getMetadata().getDeletionTimestamp() == null)
                .map(KubernetesSnapshotResources::claim)
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(InstanceClaim::role).thenComparing(InstanceClaim::name))
                .toList();
    }

    private static Optional<InstanceClaim> claim(PersistentVolumeClaim claim) {
        Map<String, String> labels =
                Optional.ofNullable(claim.getMetadata().getLabels()).orElse(Map.of());
        return SnapshotRole.of(labels.get(SnapshotObjects.PVC_ROLE))
                .map(role -> new InstanceClaim(
                        claim.getMetadata().getName(),
                        role,
                        labels.get(SnapshotObjects.TABLESPACE_LABEL),
                        labels,
                        claim.getMetadata().getAnnotations()));
    }

    @Override
    public List<SnapshotState> snapshotsOf(String namespace, String backupName) {
        return snapshots()
                .inNamespace(namespace)
                .withLabel(SnapshotObjects.BACKUP_NAME_LABEL, backupName)
                .list()
                .getItems()
                .stream()
                .map(SnapshotState::of)
                .sorted(Comparator.comparing(SnapshotState::name))
                .toList();
    }

    @Override
    public List<SnapshotState> dataSnapshotsOf(String namespace, String cluster) {
        return snapshots()
                .inNamespace(namespace)
                .withLabel(SnapshotObjects.CLUSTER_LABEL, cluster)
                .list()
                .getItems()
                .stream()
                .map(SnapshotState::of)
                .filter(snapshot -> snapshot.role() == SnapshotRole.PG_DATA)
                .toList();
    }

    @Override
    public void create(GenericKubernetesResource snapshot) {
        String namespace = snapshot.getMetadata().getNamespace();
        try {
            snapshots().inNamespace(namespace).resource(snapshot).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            GenericKubernetesResource existing = snapshots()
                    .inNamespace(namespace)
                    .withName(snapshot.getMetadata().getName())
                    .get();
            String backup = snapshot.getMetadata().getLabels().get(SnapshotObjects.BACKUP_NAME_LABEL);
            if (existing == null
                    || existing.getMetadata().getLabels() == null
                    || !backup.equals(existing.getMetadata().getLabels().get(SnapshotObjects.BACKUP_NAME_LABEL))) {
                throw new IllegalStateException("a VolumeSnapshot named "
                        + snapshot.getMetadata().getName() + " already exists and does not belong to backup " + backup);
            }
        }
    }

    @Override
    public void annotate(String namespace, String name, Map<String, String> annotations) {
        snapshots()
                .inNamespace(namespace)
                .withName(name)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        mergePatch(Map.of("metadata", Map.of("annotations", annotations))));
    }

    @Override
    public void adopt(String namespace, String name, OwnerReference owner) {
        snapshots()
                .inNamespace(namespace)
                .withName(name)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        mergePatch(Map.of("metadata", Map.of("ownerReferences", List.of(owner)))));
    }

    @Override
    public FencedInstances fencedInstances(Cluster cluster) {
        Cluster fresh = client.resources(Cluster.class)
                .inNamespace(cluster.getMetadata().getNamespace())
                .withName(cluster.getMetadata().getName())
                .get();
        Map<String, String> annotations =
                fresh == null ? null : fresh.getMetadata().getAnnotations();
        return FencedInstances.parse(annotations == null ? null : annotations.get(FencedInstances.ANNOTATION));
    }

    @Override
    public void fence(Cluster cluster, FencedInstances fenced) {
        Map<String, Object> annotations = new HashMap<>();
        annotations.put(FencedInstances.ANNOTATION, fenced.annotation());
        client.resources(Cluster.class)
                .inNamespace(cluster.getMetadata().getNamespace())
                .withName(cluster.getMetadata().getName())
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        mergePatch(Map.of("metadata", Map.of("annotations", annotations))));
    }

    /** JSON with nulls kept: a null removes the key in a merge patch. */
    private static String mergePatch(Map<String, ?> patch) {
        try {
            return InstanceJson.MAPPER.writeValueAsString(patch);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private MixedOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            snapshots() {
        return client.genericKubernetesResources(VOLUME_SNAPSHOTS);
    }
}
