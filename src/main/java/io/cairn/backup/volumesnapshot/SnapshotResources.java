package io.cairn.backup.volumesnapshot;

import io.cairn.api.v1.Cluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects a volume snapshot backup reads and writes besides the Backup: the instance's claims, the
 * VolumeSnapshots ({@code snapshot.storage.k8s.io/v1}, as generic resources) and the Cluster's fencing annotation.
 * Read fresh from the API server (not a cache), so a restarted operator sees what the previous one did.
 */
public interface SnapshotResources {

    /** The claims of instance {@code instance} (label {@code cnpg.io/instanceName}): data, WAL, tablespaces. */
    List<InstanceClaim> claims(String namespace, String instance);

    /** The snapshots of a backup (label {@code cnpg.io/backupName}). */
    List<SnapshotState> snapshotsOf(String namespace, String backupName);

    /** The PG_DATA snapshots of a Cluster's completed backups (label {@code cnpg.io/cluster}). */
    List<SnapshotState> dataSnapshotsOf(String namespace, String cluster);

    /**
     * Creates {@code snapshot}; one of the same name carrying the same {@code cnpg.io/backupName} is taken as
     * created (a retry), one of another backup is an {@link IllegalStateException}.
     */
    void create(GenericKubernetesResource snapshot);

    /** Adds {@code annotations} to snapshot {@code name}. */
    void annotate(String namespace, String name, Map<String, String> annotations);

    /** Makes {@code owner} the owner of snapshot {@code name}. */
    void adopt(String namespace, String name, OwnerReference owner);

    /** The Cluster's fenced instances, read fresh. */
    FencedInstances fencedInstances(Cluster cluster);

    /** Writes the Cluster's fencing annotation (removed when none is fenced). */
    void fence(Cluster cluster, FencedInstances fenced);
}
