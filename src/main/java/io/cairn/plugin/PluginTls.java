package io.cairn.plugin;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The mutual TLS of a connection to a plugin Service, as CloudNativePG's operator sets it up from the Service's
 * annotations: it presents the client Secret's certificate and key, trusts only the server Secret's certificate (the
 * Barman Cloud plugin's are self-signed), checks that the server's certificate names {@code serverName} (the Service
 * name unless {@code cnpg.io/pluginServerName} says otherwise), and speaks TLS 1.3 only.
 *
 * @param clientCertificatePem the client Secret's {@code tls.crt} (a chain, leaf first)
 * @param clientKeyPem the client Secret's {@code tls.key}: PKCS#1, SEC1 or PKCS#8 PEM
 * @param serverCertificatePem the server Secret's {@code tls.crt}: the certificates trusted for the server
 * @param serverName the name the server's certificate must carry
 */
public record PluginTls(
        String clientCertificatePem, String clientKeyPem, String serverCertificatePem, String serverName) {

    /** The only protocol spoken to plugins (CloudNativePG: {@code MinVersion: tls.VersionTLS13}). */
    public static final String PROTOCOL = "TLSv1.3";

    @Override
    public String toString() {
        return "PluginTls[serverName=" + serverName + "]";
    }

    /** A Netty client context for gRPC (ALPN h2) with this identity and trust; fails on unreadable material. */
    public SslContext sslContext() {
        List<X509Certificate> clientChain = certificates(clientCertificatePem, "client certificate");
        List<X509Certificate> trusted = certificates(serverCertificatePem, "server certificate");
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                    .protocols(PROTOCOL)
                    .keyManager(privateKey(clientKeyPem), clientChain.toArray(X509Certificate[]::new))
                    .trustManager(trusted.toArray(X509Certificate[]::new))
                    .build();
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot build the TLS context for plugin server " + serverName + ": " + e.getMessage(), e);
        }
    }

    /** The certificates of a PEM text, at least one; {@code what} names it in the error. */
    public static List<X509Certificate> certificates(String pem, String what) {
        try {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .stream()
                    .map(X509Certificate.class::cast)
                    .toList();
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("the " + what + " holds no certificate");
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the " + what + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** The unencrypted private key of a PEM text. */
    public static PrivateKey privateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object parsed = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (parsed instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (parsed instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalArgumentException("the client key is not an unencrypted PEM private key");
        } catch (IOException e) {
            throw new IllegalArgumentException("the client key is not a PEM private key: " + e.getMessage(), e);
        }
    }
}
