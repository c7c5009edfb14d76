package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What a pod holds on this machine apart from its processes: its loopback address and its directory
 * ({@code pods/<uid>}: emptyDirs, Secret and ConfigMap files, its hosts file, launch scripts). The address is
 * released when the pod ends; the directory when the pod is deleted.
 */
final class PodSandbox {

    private static final Logger LOG = Logger.getLogger(PodSandbox.class);

    private final String uid;
    private final String description;
    private final LoopbackAddressPool pool;
    private final NodeDirectories directories;
    private final PodHostsFiles hostsFiles;
    private String leased;

    PodSandbox(Pod pod, LoopbackAddressPool pool, NodeDirectories directories, PodHostsFiles hostsFiles) {
        this.uid = pod.getMetadata().getUid();
        this.description = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        this.pool = pool;
        this.directories = directories;
        this.hostsFiles = hostsFiles;
    }

    /** Leases the pod's own loopback address, the one it had before if that is free. */
    String leaseAddress(Optional<String> previous) {
        if (leased == null) {
            leased = pool.allocate("pod " + description + " " + uid, previous);
            LOG.debugf("pod %s gets address %s", description, leased);
        }
        return leased;
    }

    void releaseAddress() {
        if (leased != null) {
            pool.release(leased);
            leased = null;
        }
    }

    /** Releases the address and deletes the pod's directory (its emptyDirs with it). */
    void destroy() {
        releaseAddress();
        hostsFiles.forget(uid);
        directories.deleteTree(directories.pod(uid));
    }
}
