package io.cairn.backup.barman;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What the backup steps read from a Cluster's instance pods. */
public final class InstancePods {

    /** The container that runs the instance manager and PostgreSQL (CloudNativePG's name). */
    static final String POSTGRES_CONTAINER = "postgres";

    private InstancePods() {}

    /** The live pods (not being deleted), by name. */
    public static List<Pod> live(List<Pod> pods) {
        return pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
    }

    public static Optional<Pod> named(List<Pod> pods, String name) {
        return live(pods).stream()
                .filter(p -> p.getMetadata().getName().equals(name))
                .findFirst();
    }

    public static String ip(Pod pod) {
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        return ip == null || ip.isEmpty() ? null : ip;
    }

    /** The postgres container's ID, which changes whenever the container (the instance manager) restarts. */
    public static String containerId(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> POSTGRES_CONTAINER.equals(c.getName()))
                .map(ContainerStatus::getContainerID)
                .filter(id -> id != null && !id.isEmpty())
                .findFirst()
                .orElse(null);
    }
}
