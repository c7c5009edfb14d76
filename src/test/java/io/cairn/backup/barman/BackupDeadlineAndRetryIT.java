package io.cairn.backup.barman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupAttempts;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.ConditionTypes;
import io.cairn.testing.InstanceApi;
import io.cairn.testing.LocalControlPlaneResource;
import io.cairn.testing.LocalRuntimeFixture;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Backup's deadline and the retries of transient failures on real parts (the operator in this JVM, the local
 * runtime's node running the instance, barman-cloud, S3Proxy): an object store that hangs leaves the backup running
 * until its deadline fails it and cancels barman on the instance; an object store that is down for a while makes an
 * attempt fail, and the next attempt, once it is back, completes.
 */
@QuarkusTest
@QuarkusTestResource(LocalControlPlaneResource.class)
@TestProfile(BackupDeadlineAndRetryIT.QuickRetries.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupDeadlineAndRetryIT {

    /** A back-off long enough for S3Proxy to start again, short enough for a test. */
    public static class QuickRetries implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "cairn.backup.retry-backoff", "20s",
                    "cairn.backup.max-attempts", "4",
                    "cairn.backup.poll-interval", "2s");
        }
    }

    private static final String BUCKET = "backups";
    private static final String CLUSTER = "pg-retry";
    private static final Duration STARTUP = Duration.ofSeconds(240);
    private static final Duration BACKUP = Duration.ofSeconds(240);

    @Inject
    KubernetesClient client;

    @RegisterExtension
    static final LocalRuntimeFixture runtime =
            LocalRuntimeFixture.perTestClass("retry", BUCKET).withS3Secret("s3-creds");

    @BeforeAll
    void aClusterArchivingToTheStore() {
        runtime.createClusterWithObjectStore(CLUSTER, 1, "s3-creds");
        runtime.awaitHealthy(CLUSTER, 1, STARTUP);
    }

    @Test
    @Order(10)
    void aBackupStuckOnAHangingObjectStoreFailsAtItsDeadlineAndItsBarmanIsCancelled() throws Exception {
        awaitArchiving();
        runtime.store().freeze();
        try {
            createBackup("stuck", "deadline: 45s");
            runtime.awaitBackupPhase("stuck", BackupPhase.RUNNING, BACKUP);

            BackupStatus failed = runtime.awaitBackupPhase("stuck", BackupPhase.FAILED, BACKUP)
                    .getStatus();

            assertThat(failed.error())
                    .startsWith("the backup did not finish within its deadline of 45s (spec.deadline) from its "
                            + "creation at ")
                    .contains("; it was running");
            assertThat(ready(failed).getReason()).isEqualTo("DeadlineExceeded");
            assertThat(runtime.events("stuck"))
                    .filteredOn(event -> event.getReason().equals("DeadlineExceeded"))
                    .singleElement()
                    .satisfies(event -> assertThat(event.getType()).isEqualTo("Warning"))
                    .extracting(Event::getMessage)
                    .isEqualTo(failed.error());
            InstanceApi instance = InstanceApi.of(client, runtime.ns(), CLUSTER);
            String pod = failed.instanceID().podName();
            await("barman-cloud-backup of stuck cancelled on " + pod)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(instance.get(runtime.podIp(pod), "/pg/backups/stuck"))
                            .contains("\"phase\" : \"FAILED\"", "cancelled by the operator"));
        } finally {
            runtime.store().thaw();
        }
    }

    @Test
    @Order(20)
    void anObjectStoreDownForAWhileIsRetriedToCompletedWithTheAttemptsInStatus() {
        awaitArchiving();
        runtime.store().close();
        try {
            createBackup("outage", "");

            Backup retrying = await("outage: a failed attempt recorded")
                    .atMost(BACKUP)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () -> runtime.backup("outage"),
                            backup -> backup.getStatus() != null
                                    && backup.getStatus().attempts() != null
                                    && backup.getStatus().attempts().lastError() != null);

            assertThat(retrying.getStatus().phase()).isNotEqualTo(BackupPhase.FAILED);
            assertThat(retrying.getStatus().attempts().lastError()).containsIgnoringCase("connect");
        } finally {
            runtime.store().restart();
        }

        BackupStatus completed = runtime.awaitBackupPhase("outage", BackupPhase.COMPLETED, BACKUP)
                .getStatus();

        BackupAttempts attempts = completed.attempts();
        assertThat(attempts.count()).isGreaterThanOrEqualTo(2);
        assertThat(attempts.lastError()).containsIgnoringCase("connect");
        assertThat(attempts.lastFailureAt()).isBeforeOrEqualTo(completed.startedAt());
        assertThat(runtime.events("outage"))
                .extracting(Event::getReason)
                .contains("RetryScheduled", "Completed")
                .doesNotContain("Failed");
        assertThat(runtime.store().listKeys(BUCKET, CLUSTER + "/" + CLUSTER + "/base/" + completed.backupId() + "/"))
                .anySatisfy(key -> assertThat(key).endsWith("backup.info"));
    }

    /** WAL archiving works on the primary (the backup's WAL check then lets it start). */
    private void awaitArchiving() {
        await("WAL archiving works on " + CLUSTER)
                .atMost(STARTUP)
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    Condition archiving =
                            runtime.condition(runtime.cluster(CLUSTER), ConditionTypes.CONTINUOUS_ARCHIVING);
                    assertThat(archiving).isNotNull();
                    assertThat(archiving.getStatus()).isEqualTo("True");
                });
    }

    private void createBackup(String name, String extraSpec) {
        client.resource(Serialization.unmarshal("""
                        apiVersion: postgresql.cnpg.io/v1
                        kind: Backup
                        metadata: {name: %s}
                        spec:
                          cluster: {name: %s}
                          %s
                        """.formatted(name, CLUSTER, extraSpec), Backup.class))
                .inNamespace(runtime.ns())
                .create();
    }

    private static Condition ready(BackupStatus status) {
        return status.conditions().stream()
                .filter(c -> c.getType().equals(ConditionTypes.READY))
                .findFirst()
                .orElseThrow();
    }
}
