package io.cairn.backup.barman;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.Cluster;
import io.cairn.testing.CnpgReference;
import io.cairn.testing.InstanceApi;
import io.cairn.testing.LocalControlPlaneResource;
import io.cairn.testing.LocalPostgres;
import io.cairn.testing.LocalRuntimeFixture;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * barmanObjectStore backups end to end on real parts: the operator in this JVM, the local runtime's control plane
 * and real node running the instance pods ({@code /controller/manager instance run} in the PostgreSQL image, with
 * PostgreSQL 15 and barman-cloud 3.4) and S3Proxy as the object store. The operator elects the target, records its intent, checks WAL archiving, asks the
 * instance manager to run barman-cloud-backup and follows it to the end.
 */
@QuarkusTest
@QuarkusTestResource(LocalControlPlaneResource.class)
@TestProfile(BarmanBackupIT.ShortTimeouts.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BarmanBackupIT {

    /** Bounds short enough for a test to see them expire. */
    public static class ShortTimeouts implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "cairn.backup.wal-archive-check-timeout",
                    "45s",
                    "cairn.backup.poll-interval",
                    "2s",
                    "cairn.backup.end-wal-archive-timeout",
                    "90s");
        }
    }

    private static final String BUCKET = "backups";
    private static final Duration STARTUP = Duration.ofSeconds(240);
    private static final Duration BACKUP = Duration.ofSeconds(180);
    /** A restart of the instance, the back-off, then the whole backup again. */
    private static final Duration RETRIED_BACKUP = Duration.ofSeconds(480);

    @Inject
    KubernetesClient client;

    @RegisterExtension
    static final LocalRuntimeFixture runtime = LocalRuntimeFixture.perTestClass("barman", BUCKET)
            .withS3Secret("s3-creds")
            .withS3Secret("wrong-creds", "not-the-secret");

    private Watch watch;
    /** Every phase each Backup went through, in order, as the API server reported them. */
    private final Map<String, List<String>> phasesSeen = new ConcurrentHashMap<>();

    @BeforeAll
    void watchTheBackups() {
        watch = client.resources(Backup.class).inNamespace(ns()).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Backup backup) {
                String phase = backup.getStatus() == null || backup.getStatus().phase() == null
                        ? ""
                        : backup.getStatus().phase().value();
                List<String> seen =
                        phasesSeen.computeIfAbsent(backup.getMetadata().getName(), k -> new CopyOnWriteArrayList<>());
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(phase)) {
                    seen.add(phase);
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
    }

    @AfterAll
    void stopWatching() {
        if (watch != null) {
            watch.close();
        }
    }

    @Test
    @Order(10)
    void cloudNativePgsSampleBackupRunsAndCompletesWithEveryStatusField() throws IOException {
        runtime.createClusterWithObjectStore("pg-backup", 1, "s3-creds", "retentionPolicy: 30d");
        runtime.awaitHealthy("pg-backup", 1, STARTUP);
        Backup sample = Serialization.unmarshal(
                Files.readString(CnpgReference.root().resolve("samples/backup-example.yaml")), Backup.class);
        assertThat(sample.getSpec().cluster().name())
                .as("the sample's cluster, created above")
                .isEqualTo("pg-backup");
        Instant before = Instant.now().minusSeconds(1);
        client.resource(sample).inNamespace(ns()).create();
        String name = sample.getMetadata().getName();

        BackupStatus status = awaitPhase(name, BackupPhase.COMPLETED).getStatus();

        assertThat(phasesSeen.get(name)).as("phases in order").containsSubsequence("started", "running", "completed");
        assertThat(status.instanceID().podName()).isEqualTo("pg-backup-1");
        assertThat(status.instanceID().containerID()).isEqualTo(containerId(runtime.pod("pg-backup-1")));
        assertThat(status.instanceID().sessionID()).isNotBlank();
        assertThat(status.method().value()).isEqualTo("barmanObjectStore");
        assertThat(status.backupName()).matches("backup-\\d{14}");
        assertThat(status.backupId()).matches("\\d{8}T\\d{6}");
        assertThat(status.beginWal()).matches("[0-9A-F]{24}");
        assertThat(status.endWal()).matches("[0-9A-F]{24}");
        assertThat(status.beginLSN()).contains("/");
        assertThat(status.endLSN()).contains("/");
        assertThat(status.startedAt()).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(status.stoppedAt()).isAfterOrEqualTo(status.startedAt());
        assertThat(status.reconciliationStartedAt()).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(status.reconciliationTerminatedAt()).isAfterOrEqualTo(status.reconciliationStartedAt());
        assertThat(status.online()).isTrue();
        assertThat(status.majorVersion()).isEqualTo(15);
        assertThat(status.destinationPath()).isEqualTo("s3://" + BUCKET + "/pg-backup");
        assertThat(status.endpointURL()).isEqualTo(runtime.store().endpointUrl());
        assertThat(status.serverName()).isEqualTo("pg-backup");
        assertThat(status.s3Credentials().accessKeyId().name()).isEqualTo("s3-creds");
        assertThat(status.error()).isNull();
        assertThat(status.observedGeneration()).isEqualTo(1L);
        assertThat(ready(status).getStatus()).isEqualTo("True");
        assertThat(runtime.store().listKeys(BUCKET, "pg-backup/pg-backup/base/" + status.backupId() + "/"))
                .anySatisfy(key -> assertThat(key).endsWith("backup.info"))
                .anySatisfy(key -> assertThat(key).contains("data.tar"));
        assertThat(events(name)).extracting(Event::getReason).contains("Starting", "Completed");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Cluster cluster = runtime.cluster("pg-backup");
            assertThat(cluster.getStatus().lastSuccessfulBackup()).isNotBlank();
            assertThat(cluster.getStatus().firstRecoverabilityPoint()).isNotBlank();
            assertThat(cluster.getStatus().lastSuccessfulBackupByMethod()).containsKey("barmanObjectStore");
            assertThat(cluster.getStatus().firstRecoverabilityPointByMethod()).containsKey("barmanObjectStore");
            Condition succeeded = runtime.condition(cluster, "LastBackupSucceeded");
            assertThat(succeeded.getStatus()).isEqualTo("True");
            assertThat(succeeded.getReason()).isEqualTo("LastBackupSucceeded");
        });
        // the primary exports the Cluster's backup times under CloudNativePG's names, over the TLS instance API
        Cluster cluster = runtime.cluster("pg-backup");
        InstanceApi instance = InstanceApi.of(client, ns(), "pg-backup");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    String metrics =
                            instance.get(runtime.pod("pg-backup-1").getStatus().getPodIP(), "/metrics");
                    assertThat(metrics)
                            .contains("cnpg_collector_last_available_backup_timestamp "
                                    + epochSeconds(cluster.getStatus().lastSuccessfulBackup()));
                    assertThat(metrics)
                            .contains("cnpg_collector_first_recoverability_point "
                                    + epochSeconds(cluster.getStatus().firstRecoverabilityPoint()));
                });
    }

    private static String epochSeconds(String rfc3339) {
        return Long.toString(java.time.OffsetDateTime.parse(rfc3339).toEpochSecond());
    }

    @Test
    @Order(20)
    void killingTheInstanceManagerMidBackupFailsTheAttemptAndTheNextAttemptCompletes() {
        Secret app =
                client.secrets().inNamespace(ns()).withName("pg-backup-app").get();
        String ip = runtime.pod("pg-backup-1").getStatus().getPodIP();
        psql(
                ip,
                app,
                "CREATE TABLE filler AS SELECT g AS id, md5(g::text) || md5((g * 7)::text) AS pad "
                        + "FROM generate_series(1, 5000000) g");
        backup("interrupted", "pg-backup", "primary");
        awaitPhase("interrupted", BackupPhase.RUNNING);

        killInstanceManager(runtime.pod("pg-backup-1"));

        Backup completed = runtime.awaitBackupPhase("interrupted", BackupPhase.COMPLETED, RETRIED_BACKUP);
        assertThat(completed.getStatus().attempts().count()).isEqualTo(2);
        assertThat(completed.getStatus().attempts().lastError())
                .isEqualTo("instance manager was restarted during backup on pod pg-backup-1");
        assertThat(events("interrupted")).anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("RetryScheduled");
            assertThat(e.getMessage())
                    .startsWith("attempt 1 of 3 failed: instance manager was restarted during backup on pod "
                            + "pg-backup-1; attempt 2 starts at ");
        });
        assertThat(phasesSeen.get("interrupted"))
                .as("back to pending between the attempts")
                .containsSubsequence("running", "pending", "started", "running", "completed");
        runtime.awaitHealthy("pg-backup", 1, STARTUP);
    }

    @Test
    @Order(30)
    void onThreeInstancesTheBackupRunsOnAStandbyAndTargetPrimaryRunsOnThePrimary() {
        runtime.createClusterWithObjectStore("trio", 3, "s3-creds", "retentionPolicy: 30d");
        runtime.awaitHealthy("trio", 3, STARTUP);

        backup("from-standby", "trio", null);
        Backup standby = awaitPhase("from-standby", BackupPhase.COMPLETED);
        assertThat(standby.getStatus().instanceID().podName()).isIn("trio-2", "trio-3");
        assertThat(archivedWal("trio"))
                .as("the standby's end WAL file is archived before it is completed")
                .anySatisfy(key -> assertThat(key).contains(standby.getStatus().endWal()));

        backup("from-primary", "trio", "primary");
        Backup primary = awaitPhase("from-primary", BackupPhase.COMPLETED);
        assertThat(primary.getStatus().instanceID().podName()).isEqualTo("trio-1");
        assertThat(runtime.store()
                        .listKeys(
                                BUCKET, "trio/trio/base/" + primary.getStatus().backupId() + "/"))
                .anySatisfy(key -> assertThat(key).endsWith("backup.info"));
    }

    @Test
    @Order(35)
    void aCompletedBackupWhoseDataLeftTheCatalogueIsDeletedAfterTheNextBackupAndTheClusterSaysSo() {
        client.resource(Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: stale, annotations: {cnpg.io/reconciliationLoop: disabled}}
                spec: {cluster: {name: trio}}
                """, Backup.class))
                .inNamespace(ns())
                .create();
        client.resources(Backup.class)
                .inNamespace(ns())
                .withName("stale")
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), """
                {"status": {"phase": "completed", "backupId": "20200101T000000", "serverName": "trio",
                  "destinationPath": "s3://%s/trio", "endpointURL": "%s",
                  "s3Credentials": {"accessKeyId": {"name": "s3-creds", "key": "ACCESS_KEY_ID"},
                    "secretAccessKey": {"name": "s3-creds", "key": "ACCESS_SECRET_KEY"},
                    "region": {"name": "s3-creds", "key": "REGION"}}}}
                """.formatted(
                                BUCKET, runtime.store().endpointUrl()));

        backup("after-stale", "trio", null);
        awaitPhase("after-stale", BackupPhase.COMPLETED);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(get("stale")).isNull();
            assertThat(events("trio")).anySatisfy(e -> {
                assertThat(e.getReason()).isEqualTo("RetentionPolicyApplied");
                assertThat(e.getMessage()).contains("stale (20200101T000000)");
            });
        });
        assertThat(get("from-primary"))
                .as("a backup still in the catalogue is kept")
                .isNotNull();
    }

    @Test
    @Order(40)
    void aSecondBackupWaitsWhileTheFirstRunsAndSaysWhy() throws InterruptedException {
        backup("first", "trio", null);
        Thread.sleep(1100); // creation timestamps have second precision
        backup("second", "trio", null);

        await().atMost(BACKUP).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Backup second = get("second");
            assertThat(second.getStatus()).isNotNull();
            assertThat(second.getStatus().phase()).isEqualTo(BackupPhase.PENDING);
            assertThat(ready(second.getStatus()).getReason()).isEqualTo("WaitingForBackup");
            assertThat(ready(second.getStatus()).getMessage()).startsWith("waiting for backup first");
        });
        awaitPhase("first", BackupPhase.COMPLETED);
        awaitPhase("second", BackupPhase.COMPLETED);
        assertThat(get("second").getStatus().reconciliationStartedAt())
                .isAfterOrEqualTo(
                        get("first").getStatus().reconciliationTerminatedAt().minusSeconds(1));
        client.resources(Cluster.class).inNamespace(ns()).withName("trio").delete();
    }

    @Test
    @Order(50)
    void wrongS3CredentialsFailTheBackupWithBarmansMessageAndAnEvent() {
        runtime.createClusterWithObjectStore("wrong", 1, "wrong-creds", "retentionPolicy: 30d");
        runtime.awaitHealthy("wrong", 1, STARTUP);
        backup("doomed", "wrong", null);

        Backup failed = awaitPhase("doomed", BackupPhase.FAILED);

        assertThat(phasesSeen.get("doomed")).contains("walArchivingFailing");
        assertThat(failed.getStatus().error())
                .startsWith("WAL archiving is not working: ")
                .contains("403");
        assertThat(events("doomed")).anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("WalArchivingFailing");
            assertThat(e.getMessage()).contains("403");
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Condition condition = runtime.condition(runtime.cluster("wrong"), "LastBackupSucceeded");
            assertThat(condition.getStatus()).isEqualTo("False");
            assertThat(condition.getReason()).isEqualTo("LastBackupFailed");
            assertThat(runtime.cluster("wrong").getStatus().lastFailedBackup()).isNotBlank();
        });
    }

    @Test
    @Order(60)
    void completedAndFailedBackupsShowInTheOperatorsMetrics() {
        String ns = "namespace=\"" + ns() + "\"";
        List<String> lines = given().get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(line -> line.contains(ns))
                .toList();

        assertThat(lines)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("cairn_backups_completed_total{")
                        .contains("cluster=\"pg-backup\"", "method=\"barmanObjectStore\"")
                        .endsWith(" 2.0")) // the sample and the retried 'interrupted'
                .anySatisfy(line -> assertThat(line)
                        .startsWith("cairn_backups_failed_total{")
                        .contains("cluster=\"wrong\""))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("cairn_backup_duration_seconds_count{")
                        .contains("cluster=\"pg-backup\"", "phase=\"completed\""))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("cairn_backup_last_success_timestamp_seconds{")
                        .contains("cluster=\"pg-backup\""))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("cairn_backup_last_success_age_seconds{")
                        .contains("cluster=\"pg-backup\""))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("cairn_backup_last_failure_timestamp_seconds{")
                        .contains("cluster=\"wrong\""))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("cairn_backup_phase{")
                        .contains("cluster=\"pg-backup\"", "phase=\"completed\""));
    }

    // ---- helpers

    private String ns() {
        return runtime.ns();
    }

    private void backup(String name, String cluster, String target) {
        client.resource(Serialization.unmarshal(
                        """
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: %s}
                spec: {cluster: {name: %s}%s}
                """.formatted(name, cluster, target == null ? "" : ", target: " + target), Backup.class))
                .inNamespace(ns())
                .create();
    }

    private Backup awaitPhase(String name, BackupPhase phase) {
        return runtime.awaitBackupPhase(name, phase, BACKUP);
    }

    private List<String> archivedWal(String cluster) {
        return runtime.store().listKeys(BUCKET, cluster + "/" + cluster + "/wals/");
    }

    private Backup get(String name) {
        return runtime.backup(name);
    }

    private List<Event> events(String involvedName) {
        return runtime.events(involvedName);
    }

    private static String containerId(Pod pod) {
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> c.getName().equals("postgres"))
                .findFirst()
                .orElseThrow()
                .getContainerID();
    }

    /**
     * Kills the pod's instance manager (the container's PID 1: a JVM, or the native binary in a native image) with
     * SIGKILL from this machine, as an OOM kill would: its process is the one in the pod's cgroup running
     * {@code instance run}.
     */
    private void killInstanceManager(Pod pod) {
        String podCgroup = "pod" + pod.getMetadata().getUid();
        ProcessHandle manager = ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains(" instance run"))
                        .orElse(false))
                .filter(p -> cgroupOf(p).contains(podCgroup))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no instance manager in cgroup " + podCgroup));
        manager.destroyForcibly();
    }

    private static String cgroupOf(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cgroup"));
        } catch (IOException e) {
            return "";
        }
    }

    private static Condition ready(BackupStatus status) {
        return status.conditions().stream()
                .filter(c -> c.getType().equals("Ready"))
                .findFirst()
                .orElseThrow();
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    /** psql over TCP to a pod IP as the application owner, with the password from the Cluster's app Secret. */
    private static String psql(String host, Secret app, String sql) {
        String output = LocalPostgres.psqlOverTcp(
                host,
                decode(app, "username"),
                decode(app, "password"),
                decode(app, "dbname"),
                sql,
                Duration.ofSeconds(300));
        if (output.startsWith("ERROR ")) {
            throw new IllegalStateException(output);
        }
        return output;
    }
}
