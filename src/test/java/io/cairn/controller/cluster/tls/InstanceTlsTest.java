package io.cairn.controller.cluster.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.cairn.instance.api.tls.InstanceServerTrust;
import io.cairn.instance.api.tls.PemFiles;
import io.cairn.instance.tls.ServerTls;
import io.cairn.testing.MovableClock;
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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instance API's TLS end to end inside one JVM: the operator's CA issues a server certificate, the instance side
 * serves it from PEM files with the JDK alone (and serves a renewed one without a restart), and the operator's client
 * trusts exactly that cluster's servers.
 */
class InstanceTlsTest {

    private static final Instant NOW = Instant.now();
    private static final Duration YEAR = Duration.ofDays(365);
    private static final Duration RECHECK = Duration.ofSeconds(10);

    @TempDir
    Path files;

    private HttpsServer server;
    private int generation;

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

    /**
     * Renewal: the server serves the certificate the kubelet last wrote into its Secret volume (a new timestamped
     * directory, then the {@code ..data} link renamed over), from the first handshake once the recheck interval has
     * passed, without a restart.
     */
    @Nested
    class Renewal {

        private final MovableClock clock = new MovableClock();
        private final CertificateAuthority oldCa = CertificateAuthority.create("pg-ca", NOW, YEAR);
        private final CertificateAuthority newCa = CertificateAuthority.create("pg-ca", NOW, YEAR);

        @BeforeEach
        void serveACertificateOfTheOldCa() throws IOException {
            writeSecretVolume(oldCa.issueServer(List.of("pg-rw"), NOW, YEAR));
            serve(ServerTls.context(files.resolve("tls.crt"), files.resolve("tls.key"), RECHECK, clock));
        }

        @Test
        void aRenewedCertificateIsServedAtTheFirstHandshakeAfterTheRecheckInterval() throws Exception {
            writeSecretVolume(newCa.issueServer(List.of("pg-rw"), NOW, YEAR));

            assertThat(get(trusting(oldCa)).statusCode())
                    .as("before the recheck interval")
                    .isEqualTo(200);
            clock.advance(RECHECK);

            assertThat(get(trusting(newCa)).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(trusting(oldCa))).isInstanceOf(SSLHandshakeException.class);
        }

        @Test
        void filesThatCannotBeParsedLeaveTheServedCertificateInService() throws Exception {
            Files.writeString(files.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\nbroken\n");
            clock.advance(RECHECK);

            assertThat(get(trusting(oldCa)).statusCode()).isEqualTo(200);
        }

        @Test
        void theOperatorTrustingBothCasReachesTheInstanceBeforeAndAfterItReloads() throws Exception {
            InstanceServerTrust both =
                    new InstanceServerTrust(() -> Map.of(oldCa.certificate(), "pg-rw", newCa.certificate(), "pg-rw"));

            assertThat(get(both).statusCode()).isEqualTo(200);
            writeSecretVolume(newCa.issueServer(List.of("pg-rw"), NOW, YEAR));
            clock.advance(RECHECK);
            assertThat(get(both).statusCode()).isEqualTo(200);
            assertThat(get(trusting(newCa)).statusCode()).isEqualTo(200);
        }

        private InstanceServerTrust trusting(CertificateAuthority ca) {
            return InstanceServerTrust.of(ca.certificate(), "pg-rw");
        }
    }

    @Test
    void keysAreWrittenAsPkcs8ThatTheJdkReads() {
        CertificateAuthority ca = CertificateAuthority.create("pg-ca", NOW, YEAR);

        String pem = CertificateAuthority.pem(ca.key());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PemFiles.privateKey(pem)).isEqualTo(ca.key());
        assertThat(PemFiles.certificates(CertificateAuthority.pem(ca.certificate())))
                .containsExactly(ca.certificate());
    }

    private void serve(CertificateAuthority.IssuedCertificate issued) throws IOException {
        Path certificate = Files.writeString(files.resolve("tls.crt"), CertificateAuthority.pem(issued.certificate()));
        Path key = Files.writeString(files.resolve("tls.key"), CertificateAuthority.pem(issued.key()));
        serve(ServerTls.context(certificate, key));
    }

    /** As the kubelet's atomic writer: {@code ..<timestamp>/} with the files, {@code ..data} linking to it. */
    private void writeSecretVolume(CertificateAuthority.IssuedCertificate issued) throws IOException {
        Path payload = Files.createDirectory(files.resolve("..2026_12_07_" + ++generation));
        Files.writeString(payload.resolve("tls.crt"), CertificateAuthority.pem(issued.certificate()));
        Files.writeString(payload.resolve("tls.key"), CertificateAuthority.pem(issued.key()));
        Path link = Files.createSymbolicLink(files.resolve("..data_tmp"), payload.getFileName());
        Files.move(link, files.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        for (String file : List.of("tls.crt", "tls.key")) {
            if (!Files.isSymbolicLink(files.resolve(file))) {
                Files.createSymbolicLink(files.resolve(file), Path.of("..data", file));
            }
        }
    }

    private void serve(SSLContext context) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/healthz", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    private HttpResponse<String> get(InstanceServerTrust trust) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(trust.sslContext())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return client.send(
                HttpRequest.newBuilder(URI.create(
                                "https://127.0.0.1:" + server.getAddress().getPort() + "/healthz"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
