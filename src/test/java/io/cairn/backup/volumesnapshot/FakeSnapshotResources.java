package io.cairn.backup.volumesnapshot;

import io.cairn.api.v1.Cluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The claims, VolumeSnapshots and fencing annotation of one namespace, in memory; a test plays the CSI driver. */
final class FakeSnapshotResources implements SnapshotResources {

    final Map<String, List<InstanceClaim>> claimsByInstance = new HashMap<>();
    final Map<String, GenericKubernetesResource> snapshots = new LinkedHashMap<>();
    final List<String> creations = new ArrayList<>();
    final List<String> fencingWrites = new ArrayList<>();
    FencedInstances fenced = new FencedInstances(List.of());
    Instant createdAt = Instant.parse("2026-11-25T10:00:00Z");

    void claims(String instance, InstanceClaim... claims) {
        claimsByInstance.put(instance, List.of(claims));
    }

    /** The CSI driver took every snapshot. */
    void provisionAll(Instant at) {
        snapshots
                .values()
                .forEach(s -> status(s)
                        .putAll(Map.of(
                                "boundVolumeSnapshotContentName",
                                "content-" + s.getMetadata().getName(),
                                "creationTime",
                                at.toString())));
    }

    void readyAll() {
        snapshots.values().forEach(s -> status(s).put("readyToUse", true));
    }

    void error(String name, String message) {
        status(snapshots.get(name)).put("error", Map.of("message", message));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource snapshot) {
        return (Map<String, Object>)
                snapshot.getAdditionalProperties().computeIfAbsent("status", k -> new HashMap<String, Object>());
    }

    @Override
    public List<InstanceClaim> claims(String namespace, String instance) {
        return claimsByInstance.getOrDefault(instance, List.of());
    }

    @Override
    public List<SnapshotState> snapshotsOf(String namespace, String backupName) {
        return snapshots.values().stream()
                .filter(s -> backupName.equals(s.getMetadata().getLabels().get(SnapshotObjects.BACKUP_NAME_LABEL)))
                .map(SnapshotState::of)
                .toList();
    }

    @Override
    public List<SnapshotState> dataSnapshotsOf(String namespace, String cluster) {
        return snapshots.values().stream()
                .map(SnapshotState::of)
                .filter(s -> s.role() == SnapshotRole.PG_DATA)
                .toList();
    }

    @Override
    public void create(GenericKubernetesResource snapshot) {
        String name = snapshot.getMetadata().getName();
        creations.add(name);
        snapshot.getMetadata().setCreationTimestamp(createdAt.toString());
        snapshot.setAdditionalProperties(new HashMap<>(snapshot.getAdditionalProperties()));
        snapshots.putIfAbsent(name, snapshot);
    }

    @Override
    public void annotate(String namespace, String name, Map<String, String> annotations) {
        Map<String, String> merged =
                new HashMap<>(snapshots.get(name).getMetadata().getAnnotations());
        merged.putAll(annotations);
        snapshots.get(name).getMetadata().setAnnotations(merged);
    }

    @Override
    public void adopt(String namespace, String name, OwnerReference owner) {
        snapshots.get(name).getMetadata().setOwnerReferences(List.of(owner));
    }

    @Override
    public FencedInstances fencedInstances(Cluster cluster) {
        return fenced;
    }

    @Override
    public void fence(Cluster cluster, FencedInstances fenced) {
        fencingWrites.add(String.valueOf(fenced.annotation()));
        this.fenced = fenced;
    }
}
