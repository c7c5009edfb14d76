package io.cairn.controller.cluster.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupPhase;
import io.cairn.testing.InstanceApi;
import io.cairn.testing.LocalControlPlaneResource;
import io.cairn.testing.LocalRuntimeFixture;
import io.cairn.testing.MovableClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A running Cluster lives through the renewal of its CA, on the real node. The operator's clock is set 84 days back
 * while the Cluster is created, so its CA and server certificate are 84 days old (of 90) when the clock returns to
 * the present: the next reconcile renews both (7 days before expiry, as CloudNativePG does). The pod, started before
 * the renewal, keeps serving the old certificate until the kubelet updates its Secret volume; the operator must keep
 * reaching it all along (Backups complete), and the pod must serve the new certificate without a restart.
 */
@QuarkusTest
@QuarkusTestResource(LocalControlPlaneResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificateRenewalIT {

    private static final Duration CA_AGE_AT_RENEWAL = Duration.ofDays(84);
    private static final Duration STARTUP = Duration.ofSeconds(240);
    private static final Duration BACKUP = Duration.ofSeconds(180);
    /** The kubelet's pod sync (1 min) and Secret cache, then the instance's own recheck. */
    private static final Duration VOLUME_UPDATE = Duration.ofSeconds(180);

    @Inject
    KubernetesClient client;

    @Inject
    MovableClock clock;

    @RegisterExtension
    static final LocalRuntimeFixture runtime =
            LocalRuntimeFixture.perTestClass("renewal", "backups").withS3Secret("s3-creds");

    @AfterAll
    void resetTheClock() {
        clock.reset();
    }

    @Test
    void aRunningClusterKeepsItsBackupsThroughACaRenewalAndServesTheNewCertificateWithoutARestart() throws Exception {
        clock.moveTo(CA_AGE_AT_RENEWAL.negated());
        runtime.createClusterWithObjectStore("renewing", 1, "s3-creds");
        runtime.awaitHealthy("renewing", 1, STARTUP);
        X509Certificate oldCa = caCertificate("ca.crt");
        assertThat(oldCa.getNotAfter().toInstant())
                .as("the CA made with the clock moved back")
                .isBefore(Instant.now().plus(Duration.ofDays(7)));
        Pod before = runtime.pod("renewing-1");

        clock.reset();

        await("the CA renewed")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> !caCertificate("ca.crt").equals(oldCa));
        assertThat(caCertificate("previous-ca.crt"))
                .as("the replaced CA, still trusted")
                .isEqualTo(oldCa);
        X509Certificate newCa = caCertificate("ca.crt");
        await("the server certificate reissued by the new CA")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> serverCertificate().verify(newCa.getPublicKey()));

        runtime.createBackup("right-after-renewal", "renewing");
        awaitCompleted("right-after-renewal");
        System.out.printf(
                "[renewal IT] when the first Backup completed, the pod served %s certificate%n",
                servesACertificateOf(oldCa) ? "the old CA's" : "the new CA's");

        String podIp = before.getStatus().getPodIP();
        await("the pod serving the new certificate")
                .atMost(VOLUME_UPDATE)
                .pollInterval(Duration.ofSeconds(5))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(
                                InstanceApi.of(client, runtime.ns(), "renewing").get(podIp, "/pg/status"))
                        .isNotBlank());
        Pod after = runtime.pod("renewing-1");
        assertThat(after.getMetadata().getUid())
                .as("the same pod")
                .isEqualTo(before.getMetadata().getUid());
        assertThat(after.getStatus().getContainerStatuses())
                .allSatisfy(container -> assertThat(container.getRestartCount())
                        .as(container.getName() + " restarts")
                        .isZero());

        runtime.createBackup("after-reload", "renewing");
        awaitCompleted("after-reload");
    }

    private boolean servesACertificateOf(X509Certificate ca) {
        try {
            InstanceApi.trusting(ca, "renewing")
                    .get(runtime.pod("renewing-1").getStatus().getPodIP(), "/pg/status");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private X509Certificate caCertificate(String key) {
        return certificate(
                client.secrets()
                        .inNamespace(runtime.ns())
                        .withName("renewing-ca")
                        .get(),
                key);
    }

    private X509Certificate serverCertificate() {
        return certificate(
                client.secrets()
                        .inNamespace(runtime.ns())
                        .withName("renewing-server")
                        .get(),
                "tls.crt");
    }

    private static X509Certificate certificate(Secret secret, String key) {
        assertThat(secret.getData()).containsKey(key);
        return ClusterCertificates.certificate(secret, key)
                .orElseThrow(() ->
                        new AssertionError(secret.getMetadata().getName() + " holds no certificate under " + key));
    }

    private void awaitCompleted(String name) {
        await(name + " completed")
                .atMost(BACKUP)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Backup backup = client.resources(Backup.class)
                            .inNamespace(runtime.ns())
                            .withName(name)
                            .get();
                    assertThat(backup.getStatus()).isNotNull();
                    assertThat(backup.getStatus().phase())
                            .as("error: " + backup.getStatus().error())
                            .isEqualTo(BackupPhase.COMPLETED);
                });
    }
}
