package io.cairn.testing;

import io.cairn.controller.cluster.tls.ClusterCertificates;
import io.cairn.instance.api.tls.InstanceServerTrust;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * A test's own client of a Cluster's instance API: HTTPS, trusting exactly that Cluster's CA (the {@code <cluster>-ca}
 * Secret the operator made), as the operator does.
 */
public final class InstanceApi {

    private final HttpClient http;

    private InstanceApi(HttpClient http) {
        this.http = http;
    }

    public static InstanceApi of(KubernetesClient client, String namespace, String cluster) {
        Secret ca = client.secrets()
                .inNamespace(namespace)
                .withName(cluster + "-ca")
                .get();
        if (ca == null) {
            throw new IllegalStateException("the operator has not made " + namespace + "/" + cluster + "-ca yet");
        }
        return trusting(ClusterCertificates.caCertificate(ca).orElseThrow(), cluster);
    }

    /** A client that trusts only {@code ca} for the Cluster {@code cluster} (e.g. a CA before or after renewal). */
    public static InstanceApi trusting(X509Certificate ca, String cluster) {
        InstanceServerTrust trust = InstanceServerTrust.of(ca, cluster + "-rw");
        return new InstanceApi(HttpClient.newBuilder()
                .sslContext(trust.sslContext())
                .connectTimeout(Duration.ofSeconds(5))
                .build());
    }

    /** GET {@code path} from the instance at {@code podIp}; the body, whatever the status code. */
    public String get(String podIp, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("https://" + podIp + ":8000" + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
