package io.cairn.controller.cluster.tls;

import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.Labels;
import io.cairn.instance.api.tls.PemFiles;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Cluster's TLS material as Secrets, named as CloudNativePG names them: {@code <cluster>-ca} (keys {@code ca.crt},
 * {@code ca.key}) and {@code <cluster>-server} (a {@code kubernetes.io/tls} Secret with {@code tls.crt},
 * {@code tls.key}, {@code ca.crt}). Pure: it says which Secrets to write; the reconciler writes them.
 *
 * <p>A renewed CA Secret also keeps the replaced CA's certificate ({@code previous-ca.crt}, a Cairn addition) until
 * it expires: pods started before the renewal serve a certificate of the old CA until the kubelet has updated their
 * Secret volume and the instance has reloaded it, and the operator must keep reaching them meanwhile.
 */
public final class ClusterCertificates {

    public static final String CA_CERT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    public static final String TLS_CERT = "tls.crt";
    public static final String TLS_KEY = "tls.key";
    public static final String PREVIOUS_CA_CERT = "previous-ca.crt";
    static final Duration CA_VALIDITY = Duration.ofDays(90);
    static final Duration SERVER_VALIDITY = Duration.ofDays(90);
    /** CloudNativePG renews certificates 7 days before they expire. */
    static final Duration RENEW_BEFORE = Duration.ofDays(7);

    private ClusterCertificates() {}

    public static String caSecretName(Cluster cluster) {
        return cluster.getMetadata().getName() + "-ca";
    }

    public static String serverSecretName(Cluster cluster) {
        return cluster.getMetadata().getName() + "-server";
    }

    /** The name the instance API's certificate carries and the operator checks: the read-write Service. */
    public static String serverName(Cluster cluster) {
        return cluster.getMetadata().getName() + "-rw";
    }

    /**
     * The CA Secret to write: a new one when absent, unreadable or about to expire, keeping the certificate of the CA
     * it replaces while that has not expired; empty when the current is good.
     */
    public static Optional<Secret> caToWrite(Cluster cluster, Optional<Secret> current, Instant now) {
        if (current.flatMap(ClusterCertificates::authority)
                .filter(ca -> valid(ca.certificate(), now))
                .isPresent()) {
            return Optional.empty();
        }
        CertificateAuthority ca = CertificateAuthority.create(caSecretName(cluster), now, CA_VALIDITY);
        Map<String, String> content = new TreeMap<>(Map.of(
                CA_CERT, CertificateAuthority.pem(ca.certificate()),
                CA_KEY, CertificateAuthority.pem(ca.key())));
        current.flatMap(ClusterCertificates::caCertificate)
                .filter(replaced -> unexpired(replaced, now))
                .ifPresent(replaced -> content.put(PREVIOUS_CA_CERT, CertificateAuthority.pem(replaced)));
        return Optional.of(secret(cluster, caSecretName(cluster), "Opaque", content));
    }

    /**
     * The server Secret to write: a new certificate when absent, about to expire, or not signed by {@code ca} (the CA
     * was renewed); empty when the current one is good.
     */
    public static Optional<Secret> serverToWrite(
            Cluster cluster, Secret caSecret, Optional<Secret> current, Instant now) {
        CertificateAuthority ca = authority(caSecret)
                .orElseThrow(() -> new IllegalStateException(
                        "the CA Secret " + caSecret.getMetadata().getName() + " holds no usable CA"));
        boolean good = current.map(secret -> text(secret, TLS_CERT))
                .filter(pem -> !pem.isEmpty())
                .map(pem -> {
                    try {
                        X509Certificate certificate = PemFiles.certificates(pem).get(0);
                        certificate.verify(ca.certificate().getPublicKey());
                        return valid(certificate, now);
                    } catch (Exception e) {
                        return false;
                    }
                })
                .orElse(false);
        if (good) {
            return Optional.empty();
        }
        String namespace = cluster.getMetadata().getNamespace();
        String rw = serverName(cluster);
        List<String> names = List.of(
                rw,
                rw + "." + namespace,
                rw + "." + namespace + ".svc",
                cluster.getMetadata().getName() + "-r",
                cluster.getMetadata().getName() + "-ro");
        CertificateAuthority.IssuedCertificate issued = ca.issueServer(names, now, SERVER_VALIDITY);
        return Optional.of(secret(
                cluster,
                serverSecretName(cluster),
                "kubernetes.io/tls",
                Map.of(
                        TLS_CERT, CertificateAuthority.pem(issued.certificate()),
                        TLS_KEY, CertificateAuthority.pem(issued.key()),
                        CA_CERT, CertificateAuthority.pem(ca.certificate()))));
    }

    /**
     * The CA certificates the operator trusts for this Cluster's instances: the current CA, and the one it replaced
     * while that has not expired.
     */
    public static List<X509Certificate> trustedAuthorities(Secret caSecret, Instant now) {
        List<X509Certificate> trusted = new ArrayList<>();
        caCertificate(caSecret).ifPresent(trusted::add);
        certificate(caSecret, PREVIOUS_CA_CERT)
                .filter(previous -> unexpired(previous, now))
                .ifPresent(trusted::add);
        return trusted;
    }

    /** The current CA's certificate. */
    public static Optional<X509Certificate> caCertificate(Secret caSecret) {
        return certificate(caSecret, CA_CERT);
    }

    /** The first certificate of the PEM under {@code key}, if there is one that parses. */
    static Optional<X509Certificate> certificate(Secret secret, String key) {
        String pem = text(secret, key);
        if (pem.isEmpty()) {
            return Optional.empty();
        }
        try {
            return PemFiles.certificates(pem).stream().findFirst();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Optional<CertificateAuthority> authority(Secret secret) {
        try {
            String certificate = text(secret, CA_CERT);
            String key = text(secret, CA_KEY);
            if (certificate.isEmpty() || key.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(
                    new CertificateAuthority(PemFiles.certificates(certificate).get(0), PemFiles.privateKey(key)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean unexpired(X509Certificate certificate, Instant now) {
        return certificate.getNotAfter().toInstant().isAfter(now);
    }

    private static boolean valid(X509Certificate certificate, Instant now) {
        return certificate.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))
                && !certificate.getNotBefore().toInstant().isAfter(now);
    }

    private static String text(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.US_ASCII);
        }
        if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
            return secret.getStringData().get(key);
        }
        return "";
    }

    private static Secret secret(Cluster cluster, String name, String type, Map<String, String> content) {
        Map<String, String> data = new TreeMap<>();
        content.forEach((key, value) ->
                data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.US_ASCII))));
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(cluster.getMetadata().getNamespace())
                .addToLabels(Labels.CLUSTER, cluster.getMetadata().getName())
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(cluster.getApiVersion())
                        .withKind(cluster.getKind())
                        .withName(cluster.getMetadata().getName())
                        .withUid(cluster.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .endMetadata()
                .withType(type)
                .withData(data)
                .build();
    }
}
