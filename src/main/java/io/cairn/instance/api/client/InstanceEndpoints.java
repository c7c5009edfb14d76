package io.cairn.instance.api.client;

import io.cairn.instance.api.InstancePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * How the operator reaches an instance API: {@code https://<pod IP>:8000} verified by {@code sslContext} (the
 * operator's registry of Cluster CAs), or plain HTTP when {@code cairn.instance.tls} is off. One HTTP client for all.
 */
public class InstanceEndpoints {

    private final boolean tls;
    private final HttpClient http;

    public InstanceEndpoints(boolean tls, SSLContext sslContext, Duration connectTimeout) {
        this.tls = tls;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (tls) {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
    }

    /** A plain-HTTP endpoint set (tests of the clients against a stand-in server). */
    public static InstanceEndpoints plain(Duration connectTimeout) {
        return new InstanceEndpoints(false, null, connectTimeout);
    }

    public URI uri(String podIp, String path) {
        String host = podIp.contains(":") ? "[" + podIp + "]" : podIp;
        return URI.create((tls ? "https://" : "http://") + host + ":" + InstancePorts.API + path);
    }

    public HttpClient http() {
        return http;
    }
}
