package io.cairn.local.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The {@code /etc/hosts} each pod sees (bind-mounted over it in the pod's mount namespace): localhost, the pod's own
 * name at its IP, as a kubelet writes it, and the names of every Service ({@code <svc>.<ns>}, {@code <svc>.<ns>.svc},
 * {@code <svc>.<ns>.svc.cluster.local}, plus the short {@code <svc>} for services of the pod's own namespace, which
 * is what a pod's DNS search path gives it). Rewritten in place when services change, so the bind mounts see it.
 */
final class PodHostsFiles {

    private static final Logger LOG = Logger.getLogger(PodHostsFiles.class);

    /** A Service's name and the loopback address it is served at. */
    record ServiceEntry(String namespace, String name, String address) {
    }

    private record PodEntry(Path file, String namespace, String hostname, String podIP) {
    }

    private final NodeDirectories directories;
    private final Map<String, PodEntry> pods = new HashMap<>();
    private List<ServiceEntry> services = List.of();

    PodHostsFiles(NodeDirectories directories) {
        this.directories = directories;
    }

    /** Writes the hosts file of a pod and returns it. */
    synchronized Path forPod(String podUid, String namespace, String hostname, String podIP) {
        PodEntry entry = new PodEntry(directories.pod(podUid).resolve("etc-hosts"), namespace, hostname, podIP);
        pods.put(podUid, entry);
        try {
            Files.createDirectories(entry.file().getParent());
            Files.writeString(entry.file(), content(entry));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entry.file();
    }

    synchronized void forget(String podUid) {
        pods.remove(podUid);
    }

    /** Replaces the service names in every pod's hosts file. */
    synchronized void services(List<ServiceEntry> entries) {
        if (entries.equals(services)) {
            return;
        }
        services = List.copyOf(entries);
        for (PodEntry pod : pods.values()) {
            try {
                if (Files.exists(pod.file())) {
                    Files.writeString(pod.file(), content(pod));
                }
            } catch (IOException e) {
                LOG.warnf("cannot update %s: %s", pod.file(), e.getMessage());
            }
        }
    }

    static List<String> names(ServiceEntry service) {
        String base = service.name() + "." + service.namespace();
        return List.of(base, base + ".svc", base + ".svc.cluster.local");
    }

    private String content(PodEntry pod) {
        StringBuilder content = new StringBuilder()
                .append("# Kubernetes-managed hosts file (Cairn local node agent).\n")
                .append("127.0.0.1\tlocalhost\n")
                .append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        if (pod.podIP() != null) {
            content.append(pod.podIP()).append('\t').append(pod.hostname()).append('\n');
        }
        for (ServiceEntry service : services) {
            content.append(service.address());
            if (service.namespace().equals(pod.namespace())) {
                content.append('\t').append(service.name());
            }
            names(service).forEach(name -> content.append('\t').append(name));
            content.append('\n');
        }
        return content.toString();
    }
}
