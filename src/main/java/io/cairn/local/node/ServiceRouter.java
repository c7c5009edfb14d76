package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Makes Services reachable without kube-proxy or DNS: each Service (except ExternalName) gets a loopback address of
 * its own, a {@link ServiceProxy} on it, and its names in every pod's hosts file (and, if configured, in the
 * machine's hosts file). The ClusterIP the API server assigned is not used: it is not routable here.
 */
final class ServiceRouter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServiceRouter.class);

    private record Routed(Service service, ServiceProxy proxy) {
    }

    private final LoopbackAddressPool addresses;
    private final PodHostsFiles podHostsFiles;
    private final Optional<SystemHostsFile> systemHostsFile;
    private final Supplier<List<Pod>> pods;
    private final Map<String, Routed> routed = new HashMap<>();
    private final Set<String> failing = new java.util.HashSet<>();

    ServiceRouter(LoopbackAddressPool addresses, PodHostsFiles podHostsFiles, Optional<SystemHostsFile> systemHostsFile,
            Supplier<List<Pod>> pods) {
        this.addresses = addresses;
        this.podHostsFiles = podHostsFiles;
        this.systemHostsFile = systemHostsFile;
        this.pods = pods;
    }

    /** Brings the proxies and hosts files in line with the services that exist now. */
    synchronized void sync(List<Service> services) {
        Map<String, Service> wanted = services.stream()
                .filter(s -> s.getMetadata().getDeletionTimestamp() == null
                        && !"ExternalName".equals(s.getSpec().getType()) && s.getSpec().getPorts() != null)
                .collect(Collectors.toMap(s -> s.getMetadata().getUid(), s -> s));
        for (String uid : List.copyOf(routed.keySet())) {
            Service now = wanted.get(uid);
            if (now == null || !Objects.equals(now.getSpec().getPorts(), routed.get(uid).service().getSpec().getPorts())) {
                stop(uid);
            }
        }
        for (Service service : wanted.values()) {
            if (!routed.containsKey(service.getMetadata().getUid())) {
                route(service);
            }
        }
        List<PodHostsFiles.ServiceEntry> entries = routed.values().stream()
                .map(r -> new PodHostsFiles.ServiceEntry(r.service().getMetadata().getNamespace(),
                        r.service().getMetadata().getName(), r.proxy().address()))
                .sorted(Comparator.comparing(PodHostsFiles.ServiceEntry::namespace)
                        .thenComparing(PodHostsFiles.ServiceEntry::name))
                .toList();
        podHostsFiles.services(entries);
        systemHostsFile.ifPresent(file -> file.services(entries));
    }

    /** The loopback address a service is served at, once it is routed. */
    synchronized Optional<String> address(String namespace, String name) {
        return routed.values().stream().filter(r -> namespace.equals(r.service().getMetadata().getNamespace())
                && name.equals(r.service().getMetadata().getName())).map(r -> r.proxy().address()).findFirst();
    }

    private void route(Service service) {
        String uid = service.getMetadata().getUid();
        String name = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
        String address = addresses.allocate("service " + name + " " + uid, Optional.empty());
        try {
            ServiceProxy proxy = new ServiceProxy(service, address,
                    port -> ServiceEndpoints.of(service, port, pods.get()));
            routed.put(uid, new Routed(service, proxy));
            failing.remove(uid);
            LOG.infof("service %s is served at %s (ports %s)", name, address, service.getSpec().getPorts().stream()
                    .map(p -> Integer.toString(p.getPort())).collect(Collectors.joining(",")));
        } catch (IOException e) {
            addresses.release(address);
            if (failing.add(uid)) {
                LOG.warnf("cannot serve service %s at %s: %s", name, address, e.getMessage());
            }
        }
    }

    private void stop(String uid) {
        Routed gone = routed.remove(uid);
        gone.proxy().close();
        addresses.release(gone.proxy().address());
        LOG.infof("service %s/%s is no longer served at %s", gone.service().getMetadata().getNamespace(),
                gone.service().getMetadata().getName(), gone.proxy().address());
    }

    @Override
    public synchronized void close() {
        new ArrayList<>(routed.keySet()).forEach(this::stop);
        systemHostsFile.ifPresent(SystemHostsFile::close);
    }
}
