package io.cairn.controller.cluster.tls;

import io.cairn.api.v1.Cluster;
import io.cairn.instance.api.tls.InstanceServerTrust;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * The Cluster CAs the operator trusts when it calls instance APIs: the Cluster reconciler registers each Cluster's CAs
 * (the current one, and the one it replaced until that expires) when it ensures its certificates; every client of the instance API shares {@link #sslContext()}, which reads the
 * registry at each handshake. A call to a Cluster not reconciled yet since the operator started fails its handshake
 * and is retried like an unreachable instance.
 */
@ApplicationScoped
public class InstanceTrustRegistry {

    private final Map<String, Registered> byCluster = new ConcurrentHashMap<>();
    private final SSLContext sslContext = new InstanceServerTrust(() -> byCluster.values().stream()
                    .flatMap(registered -> registered.cas().stream().map(ca -> Map.entry(ca, registered.serverName())))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (first, second) -> first)))
            .sslContext();

    public void register(Cluster cluster, List<X509Certificate> cas) {
        if (cas.isEmpty()) {
            byCluster.remove(key(cluster));
        } else {
            byCluster.put(key(cluster), new Registered(List.copyOf(cas), ClusterCertificates.serverName(cluster)));
        }
    }

    public void forget(Cluster cluster) {
        byCluster.remove(key(cluster));
    }

    public SSLContext sslContext() {
        return sslContext;
    }

    private static String key(Cluster cluster) {
        return cluster.getMetadata().getNamespace() + "/"
                + cluster.getMetadata().getName();
    }

    private record Registered(List<X509Certificate> cas, String serverName) {}
}
