package io.cairn.controller.cluster.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly the instance API servers of one Cluster: a chain that the Cluster's CA signed, whose leaf names
 * {@code expectedName} (the {@code <cluster>-rw} service, as CloudNativePG's operator expects). The operator reaches
 * pods by IP, so the usual host-name check against the URL cannot apply; this check replaces it.
 */
public final class ClusterCaTrust extends X509ExtendedTrustManager {

    private static final int DNS_NAME = 2;

    private final X509Certificate ca;
    private final String expectedName;

    public ClusterCaTrust(X509Certificate ca, String expectedName) {
        this.ca = ca;
        this.expectedName = expectedName;
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
        try {
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(chain)), parameters);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("the instance's certificate is not signed by the cluster's CA ("
                    + ca.getSubjectX500Principal().getName() + "): " + e.getMessage(), e);
        }
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
        return new X509Certificate[] {ca};
    }

    private static List<String> dnsNames(X509Certificate certificate) throws CertificateParsingException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return List.of();
        }
        return names.stream().filter(name -> ((Integer) name.get(0)) == DNS_NAME).map(name -> (String) name.get(1))
                .toList();
    }
}
