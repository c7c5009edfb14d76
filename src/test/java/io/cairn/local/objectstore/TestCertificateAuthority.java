package io.cairn.local.objectstore;

import io.cairn.controller.cluster.tls.CertificateAuthority;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A CA made for one test and a server certificate it signed, as files a local store serves HTTPS with: the CA as
 * PEM ({@link #caFile()}, what a Cluster's {@code endpointCA} Secret holds) and the server's key and chain as a
 * PKCS#12 key store ({@link #keyStore()}). Made with the operator's own {@link CertificateAuthority}.
 */
public final class TestCertificateAuthority {

    private static final Duration VALIDITY = Duration.ofDays(2);

    private final CertificateAuthority ca;
    private final Path dir;

    private TestCertificateAuthority(CertificateAuthority ca, Path dir) {
        this.ca = ca;
        this.dir = dir;
    }

    /** A new CA whose certificate is written to {@code dir/ca.crt}. */
    public static TestCertificateAuthority create(String name, Path dir) {
        TestCertificateAuthority authority =
                new TestCertificateAuthority(CertificateAuthority.create(name, Instant.now(), VALIDITY), dir);
        write(authority.caFile(), CertificateAuthority.pem(authority.ca.certificate()));
        return authority;
    }

    /** The CA's certificate as PEM. */
    public Path caFile() {
        return dir.resolve("ca.crt");
    }

    /** The key store holding the server's key and certificate chain; its password is {@link #keyStorePassword()}. */
    public Path keyStore() {
        return dir.resolve("server.p12");
    }

    public String keyStorePassword() {
        return HexFormat.of().formatHex(ca.certificate().getSignature(), 0, 8);
    }

    /**
     * Issues the server certificate for {@code names} (host names or addresses) into {@link #keyStore()}, and also
     * writes it and its key as PEM ({@code server.crt}, {@code server.key}) for servers that take those.
     */
    public void issueServer(List<String> names) {
        CertificateAuthority.IssuedCertificate server = ca.issueServer(names, Instant.now(), VALIDITY);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", server.key(), keyStorePassword().toCharArray(), new Certificate[] {
                server.certificate(), ca.certificate()
            });
            try (OutputStream out = Files.newOutputStream(keyStore())) {
                store.store(out, keyStorePassword().toCharArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the key store", e);
        }
        write(dir.resolve("server.crt"), CertificateAuthority.pem(server.certificate()));
        write(dir.resolve("server.key"), CertificateAuthority.pem(server.key()));
    }

    /** A client context that trusts this CA only, for a test's own requests to the server. */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
