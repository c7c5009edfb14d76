package io.cairn.controller.cluster.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Cluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterCertificatesTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final Cluster cluster = cluster();

    @Test
    void aClusterWithoutSecretsGetsACaAndAServerCertificateForItsReadWriteService() throws Exception {
        Secret ca =
                ClusterCertificates.caToWrite(cluster, Optional.empty(), NOW).orElseThrow();
        Secret server = ClusterCertificates.serverToWrite(cluster, ca, Optional.empty(), NOW)
                .orElseThrow();

        assertThat(ca.getMetadata().getName()).isEqualTo("pg-ca");
        assertThat(ca.getData()).containsOnlyKeys("ca.crt", "ca.key");
        assertThat(server.getMetadata().getName()).isEqualTo("pg-server");
        assertThat(server.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(server.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
        assertThat(server.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getController()).isTrue());
        X509Certificate certificate = certificate(server, "tls.crt");
        certificate.verify(ClusterCertificates.caCertificate(ca).orElseThrow().getPublicKey());
        assertThat(certificate.getSubjectAlternativeNames().stream()
                        .map(name -> (Object) name.get(1))
                        .toList())
                .contains("pg-rw", "pg-rw.ns", "pg-rw.ns.svc");
    }

    @Test
    void goodSecretsAreLeftAlone() {
        Secret ca =
                ClusterCertificates.caToWrite(cluster, Optional.empty(), NOW).orElseThrow();
        Secret server = ClusterCertificates.serverToWrite(cluster, ca, Optional.empty(), NOW)
                .orElseThrow();
        Instant later = NOW.plus(Duration.ofDays(30));

        assertThat(ClusterCertificates.caToWrite(cluster, Optional.of(ca), later))
                .isEmpty();
        assertThat(ClusterCertificates.serverToWrite(cluster, ca, Optional.of(server), later))
                .isEmpty();
    }

    @Test
    void certificatesAreRenewedSevenDaysBeforeTheyExpire() {
        Secret ca =
                ClusterCertificates.caToWrite(cluster, Optional.empty(), NOW).orElseThrow();
        Secret server = ClusterCertificates.serverToWrite(cluster, ca, Optional.empty(), NOW)
                .orElseThrow();
        Instant nearTheEnd = NOW.plus(Duration.ofDays(84));

        assertThat(ClusterCertificates.caToWrite(cluster, Optional.of(ca), nearTheEnd))
                .isPresent();
        assertThat(ClusterCertificates.serverToWrite(cluster, ca, Optional.of(server), nearTheEnd))
                .isPresent();
    }

    @Test
    void aServerCertificateOfAnotherCaIsReplaced() {
        Secret ca =
                ClusterCertificates.caToWrite(cluster, Optional.empty(), NOW).orElseThrow();
        Secret renewedCa =
                ClusterCertificates.caToWrite(cluster, Optional.empty(), NOW).orElseThrow();
        Secret server = ClusterCertificates.serverToWrite(cluster, ca, Optional.empty(), NOW)
                .orElseThrow();

        assertThat(ClusterCertificates.serverToWrite(cluster, renewedCa, Optional.of(server), NOW))
                .isPresent();
    }

    @Test
    void aRenewedCaKeepsTheCertificateOfTheCaItReplacesForTheOperatorToTrustUntilThatExpires() {
        Secret ca =
                ClusterCertificates.caToWrite(cluster, Optional.empty(), NOW).orElseThrow();
        Instant renewal = NOW.plus(Duration.ofDays(84));

        Secret renewed =
                ClusterCertificates.caToWrite(cluster, Optional.of(ca), renewal).orElseThrow();

        assertThat(renewed.getData()).containsOnlyKeys("ca.crt", "ca.key", "previous-ca.crt");
        assertThat(certificate(renewed, "previous-ca.crt")).isEqualTo(certificate(ca, "ca.crt"));
        assertThat(ClusterCertificates.trustedAuthorities(renewed, renewal))
                .containsExactly(certificate(renewed, "ca.crt"), certificate(ca, "ca.crt"));
        assertThat(ClusterCertificates.trustedAuthorities(renewed, NOW.plus(Duration.ofDays(91))))
                .containsExactly(certificate(renewed, "ca.crt"));
    }

    @Test
    void anExpiredCaIsNotKeptWhenItIsReplaced() {
        Secret ca =
                ClusterCertificates.caToWrite(cluster, Optional.empty(), NOW).orElseThrow();

        Secret renewed = ClusterCertificates.caToWrite(cluster, Optional.of(ca), NOW.plus(Duration.ofDays(91)))
                .orElseThrow();

        assertThat(renewed.getData()).containsOnlyKeys("ca.crt", "ca.key");
    }

    private static X509Certificate certificate(Secret secret, String key) {
        return ClusterCertificates.certificate(secret, key)
                .orElseThrow(() ->
                        new AssertionError(secret.getMetadata().getName() + " holds no certificate under " + key));
    }

    private static Cluster cluster() {
        Cluster cluster = new Cluster();
        cluster.setMetadata(new ObjectMetaBuilder()
                .withName("pg")
                .withNamespace("ns")
                .withUid("uid-1")
                .build());
        return cluster;
    }
}
