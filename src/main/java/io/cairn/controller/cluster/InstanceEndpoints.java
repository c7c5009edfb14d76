package io.cairn.controller.cluster;

import io.cairn.controller.cluster.tls.InstanceTrustRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * How the operator reaches an instance API: {@code https://<pod IP>:8000} verified against the Cluster's CA (see
 * {@link InstanceTrustRegistry}), or plain HTTP when {@code cairn.instance.tls} is off. One HTTP client for all.
 */
@ApplicationScoped
public class InstanceEndpoints {

    public static final int INSTANCE_PORT = 8000;

    private final boolean tls;
    private final HttpClient http;

    @Inject
    public InstanceEndpoints(ClusterInstanceSettings settings, InstanceTrustRegistry trust) {
        this(settings.tls(), trust, settings.statusTimeout());
    }

    public InstanceEndpoints(boolean tls, InstanceTrustRegistry trust, Duration connectTimeout) {
        this.tls = tls;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (tls) {
            builder.sslContext(trust.sslContext());
        }
        this.http = builder.build();
    }

    /** A plain-HTTP endpoint set (tests of the clients against a stand-in server). */
    public static InstanceEndpoints plain(Duration connectTimeout) {
        return new InstanceEndpoints(false, new InstanceTrustRegistry(), connectTimeout);
    }

    public URI uri(String podIp, String path) {
        String host = podIp.contains(":") ? "[" + podIp + "]" : podIp;
        return URI.create((tls ? "https://" : "http://") + host + ":" + INSTANCE_PORT + path);
    }

    public HttpClient http() {
        return http;
    }
}
