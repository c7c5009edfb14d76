package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Keeps one {@link PodRunner} per pod bound to this node, keyed by the pod's uid (a pod deleted and created again
 * under the same name is a new pod), and passes each pod event to its runner.
 */
final class PodSupervisor {

    private static final Logger LOG = Logger.getLogger(PodSupervisor.class);

    private final NodeRuntime runtime;
    private final Map<String, PodRunner> runners = new ConcurrentHashMap<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    PodSupervisor(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    /** A pod was added or changed. */
    void onPod(Pod pod) {
        if (closed || !runtime.node().nodeName().equals(pod.getSpec().getNodeName())) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        if (finished.contains(uid)) {
            return;
        }
        PodRunner runner = runners.computeIfAbsent(uid, u -> {
            PodRunner created = new PodRunner(pod, runtime, this::runnerDone);
            created.start();
            return created;
        });
        runner.update(pod);
    }

    /** A pod is no longer in the API server. */
    void onPodGone(Pod pod) {
        String uid = pod.getMetadata().getUid();
        finished.remove(uid);
        PodRunner runner = runners.get(uid);
        if (runner != null) {
            runner.podGone();
        }
    }

    /** A runner ended: remember its pod, so late events about it start nothing, until the pod is gone. */
    private void runnerDone(String uid) {
        PodRunner runner = runners.remove(uid);
        if (!closed && runner != null && !runner.goneFromApi()) {
            finished.add(uid);
        }
    }

    /** Stops every pod's processes (the pods themselves stay, as when a kubelet stops). */
    void close() {
        closed = true;
        List<PodRunner> all = List.copyOf(runners.values());
        all.forEach(PodRunner::shutdown);
        for (PodRunner runner : all) {
            try {
                runner.awaitStopped(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!all.isEmpty()) {
            LOG.infof("stopped the processes of %d pod(s)", all.size());
        }
    }
}
