package io.cairn.backup.volumesnapshot;

import io.cairn.api.v1.Cluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/** What the snapshot ITs read from outside: the Cluster's fenced instances and a Backup's VolumeSnapshots. */
final class SnapshotProbe {

    private SnapshotProbe() {}

    /** The instances the Cluster's {@code cnpg.io/fencedInstances} annotation names. */
    static List<String> fenced(Cluster cluster) {
        Map<String, String> annotations = cluster.getMetadata().getAnnotations();
        return FencedInstances.parse(annotations == null ? null : annotations.get(FencedInstances.ANNOTATION))
                .names();
    }

    /** The VolumeSnapshots labelled with the Backup's name. */
    static List<GenericKubernetesResource> snapshots(KubernetesClient client, String namespace, String backup) {
        return client.genericKubernetesResources(KubernetesSnapshotResources.VOLUME_SNAPSHOTS)
                .inNamespace(namespace)
                .withLabel(SnapshotObjects.BACKUP_NAME_LABEL, backup)
                .list()
                .getItems();
    }
}
