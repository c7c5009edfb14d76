package io.cairn.instance.api.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly the instance API servers of known Clusters: a chain that one Cluster's CA signed, whose leaf names
 * that Cluster's {@code <cluster>-rw} Service (as CloudNativePG's operator expects). The operator reaches pods by IP,
 * so the usual host-name check against the URL cannot apply; this check replaces it. The operator keeps one of these
 * for all Clusters ({@code authorities} is read at every handshake); an instance keeps one for its own Cluster.
 */
public final class InstanceServerTrust extends X509ExtendedTrustManager {

    private static final int DNS_NAME = 2;

    private final Supplier<Map<X509Certificate, String>> authorities;

    /** @param authorities each trusted CA with the name its servers' certificates must carry */
    public InstanceServerTrust(Supplier<Map<X509Certificate, String>> authorities) {
        this.authorities = authorities;
    }

    /** Trusts one Cluster's servers. */
    public static InstanceServerTrust of(X509Certificate ca, String expectedName) {
        Map<X509Certificate, String> one = Map.of(ca, expectedName);
        return new InstanceServerTrust(() -> one);
    }

    /** A TLS context that trusts only this Cluster's instance servers. */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {this}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the instance presented no certificate");
        }
        Map<X509Certificate, String> known = authorities.get();
        if (known.isEmpty()) {
            throw new CertificateException("no cluster CA is known yet");
        }
        X509Certificate ca;
        try {
            PKIXParameters parameters = new PKIXParameters(known.keySet().stream()
                    .map(certificate -> new TrustAnchor(certificate, null))
                    .collect(Collectors.toSet()));
            parameters.setRevocationEnabled(false);
            PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                    .validate(
                            CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(chain)), parameters);
            ca = result.getTrustAnchor().getTrustedCert();
        } catch (GeneralSecurityException e) {
            throw new CertificateException(
                    "the instance's certificate is not signed by a known cluster CA: " + e.getMessage(), e);
        }
        String expectedName = known.get(ca);
        if (!dnsNames(chain[0]).contains(expectedName)) {
            throw new CertificateException("the instance's certificate does not name " + expectedName + " (it names "
                    + dnsNames(chain[0]) + ")");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the operator does not accept clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return authorities.get().keySet().toArray(X509Certificate[]::new);
    }

    private static List<String> dnsNames(X509Certificate certificate) throws CertificateParsingException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return List.of();
        }
        return names.stream()
                .filter(name -> ((Integer) name.get(0)) == DNS_NAME)
                .map(name -> (String) name.get(1))
                .toList();
    }
}
