package io.cairn.controller.cluster.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.cairn.instance.api.tls.InstanceServerTrust;
import io.cairn.instance.api.tls.PemFiles;
import io.cairn.instance.tls.ServerTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instance API's TLS end to end inside one JVM: the operator's CA issues a server certificate, the instance side
 * serves it from PEM files with the JDK alone, and the operator's client trusts exactly that cluster's servers.
 */
class InstanceTlsTest {

    private static final Instant NOW = Instant.now();
    private static final Duration YEAR = Duration.ofDays(365);

    @TempDir
    Path files;

    private HttpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theOperatorReachesAnInstanceServingACertificateOfItsClusterByIp() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("pg-ca", NOW, YEAR);
        serve(ca.issueServer(List.of("pg-rw", "pg-rw.ns", "pg-rw.ns.svc"), NOW, YEAR));

        HttpResponse<String> response = get(InstanceServerTrust.of(ca.certificate(), "pg-rw"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
    }

    @Test
    void anotherClustersCaIsRefused() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("pg-ca", NOW, YEAR);
        CertificateAuthority other = CertificateAuthority.create("other-ca", NOW, YEAR);
        serve(other.issueServer(List.of("pg-rw"), NOW, YEAR));

        assertThatThrownBy(() -> get(InstanceServerTrust.of(ca.certificate(), "pg-rw")))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aCertificateForAnotherNameIsRefused() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("pg-ca", NOW, YEAR);
        serve(ca.issueServer(List.of("other-rw"), NOW, YEAR));

        assertThatThrownBy(() -> get(InstanceServerTrust.of(ca.certificate(), "pg-rw")))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("pg-ca", NOW.minus(Duration.ofDays(30)), YEAR);
        serve(ca.issueServer(List.of("pg-rw"), NOW.minus(Duration.ofDays(30)), Duration.ofDays(1)));

        assertThatThrownBy(() -> get(InstanceServerTrust.of(ca.certificate(), "pg-rw")))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void keysAreWrittenAsPkcs8ThatTheJdkReads() {
        CertificateAuthority ca = CertificateAuthority.create("pg-ca", NOW, YEAR);

        String pem = CertificateAuthority.pem(ca.key());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PemFiles.privateKey(pem)).isEqualTo(ca.key());
        assertThat(PemFiles.certificates(CertificateAuthority.pem(ca.certificate()))).containsExactly(ca.certificate());
    }

    private void serve(CertificateAuthority.IssuedCertificate issued) throws IOException {
        Path certificate = Files.writeString(files.resolve("tls.crt"), CertificateAuthority.pem(issued.certificate()));
        Path key = Files.writeString(files.resolve("tls.key"), CertificateAuthority.pem(issued.key()));
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.setHttpsConfigurator(new HttpsConfigurator(ServerTls.context(certificate, key)));
        server.createContext("/healthz", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    private HttpResponse<String> get(InstanceServerTrust trust) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trust.sslContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.getAddress().getPort()
                + "/healthz")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
