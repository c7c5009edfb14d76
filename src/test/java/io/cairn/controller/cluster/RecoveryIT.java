package io.cairn.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.api.v1.Backup;
import io.cairn.testing.CnpgReference;
import io.cairn.testing.LocalControlPlaneResource;
import io.cairn.testing.LocalPostgres;
import io.cairn.testing.LocalRuntimeFixture;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Point-in-time recovery on real parts: the operator in this JVM, the local runtime's control plane and real node
 * running the instances, PostgreSQL 15, barman-cloud and S3Proxy. A source Cluster archives its WAL; the test takes
 * its base backup with barman-cloud-backup in the primary's pod (the Backup reconciler's own runs are tested
 * elsewhere), writes rows, notes a target T (time, LSN, restore point), writes marker rows after it, and recovers
 * new Clusters to T: every row before T is there, no marker is, and the recovered cluster archives to its own
 * destination. The same source is backed up on VolumeSnapshots of the node's CSI hostpath driver too: a hot snapshot
 * recovers to targetImmediate and, with the archive, to T (CloudNativePG's {@code cluster-restore-snapshot-pitr.yaml});
 * a cold one recovers with no archive at all (its {@code cluster-restore-snapshot.yaml}); both samples with their
 * three instances.
 */
@QuarkusTest
@QuarkusTestResource(LocalControlPlaneResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecoveryIT {

    private static final String BUCKET = "backups";
    private static final Duration STARTUP = Duration.ofSeconds(300);
    private static final Duration ARCHIVING = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KubernetesClient client;

    @RegisterExtension
    static final LocalRuntimeFixture runtime =
            LocalRuntimeFixture.perTestClass("recovery", BUCKET).withS3Secret("s3-creds");
    /** Noted on the source between the rows before the target and the markers after it. */
    private String targetTime;

    private String targetLsn;
    private String backupId;

    @Test
    @Order(10)
    void theSourceArchivesItsWalAndHasABaseBackupAndRowsOnBothSidesOfTheTarget() throws Exception {
        runtime.createCluster("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: origin}
                spec:
                  instances: 1
                  storage: {size: 1Gi, storageClass: csi-hostpath-sc}
                  bootstrap:
                    initdb:
                      database: app
                      owner: app
                      postInitApplicationSQL:
                        - GRANT EXECUTE ON FUNCTION pg_catalog.pg_switch_wal() TO app
                        - GRANT EXECUTE ON FUNCTION pg_catalog.pg_create_restore_point(text) TO app
                  postgresql: {parameters: {shared_buffers: 32MB, max_connections: "30"}}
                  backup:
                    volumeSnapshot: {className: csi-hostpath-snapclass}
                    barmanObjectStore:
                %s
                """.formatted(objectStore("origin", "      ")));
        runtime.awaitHealthy("origin", 1, STARTUP);
        Secret app = appSecret("origin");
        String ip = runtime.podIp("origin-1");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> !psqlOrError(ip, app, "SELECT pg_create_restore_point('warm-up')")
                        .startsWith("ERROR"));
        psql(ip, app, "CREATE TABLE items(id int PRIMARY KEY, note text)");
        psql(ip, app, "INSERT INTO items SELECT g, 'in the base backup' FROM generate_series(1, 100) g");

        backupId = backUpThroughTheOperator("origin-base");
        backUpThroughTheOperator("origin-hot", "volumeSnapshot", true);

        psql(ip, app, "INSERT INTO items SELECT g, 'replayed from the WAL' FROM generate_series(101, 150) g");
        Thread.sleep(1100); // commit timestamps of the rows before T and of the markers after it differ
        targetTime = psql(ip, app, "SELECT clock_timestamp()");
        targetLsn = psql(ip, app, "SELECT pg_current_wal_lsn()");
        psql(ip, app, "SELECT pg_create_restore_point('before-markers')");
        Thread.sleep(1100);
        psql(ip, app, "INSERT INTO items SELECT g, 'marker' FROM generate_series(1001, 1010) g");
        String segment = psql(ip, app, "SELECT pg_walfile_name(pg_current_wal_lsn())");
        psql(ip, app, "SELECT pg_switch_wal()");
        await().atMost(ARCHIVING)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(runtime.store().listKeys(BUCKET, "origin/origin/wals/"))
                        .anySatisfy(key -> assertThat(key).contains(segment)));
        System.out.printf("[recovery IT] backup %s, target time %s, target LSN %s%n", backupId, targetTime, targetLsn);
    }

    @Test
    @Order(20)
    void aClusterRecoveredFromAnExternalClusterToATargetTimeHasEveryRowBeforeItAndNoMarker() {
        runtime.createCluster(recovering("by-time", 2, "source: origin", "{targetTime: \"%s\"}".formatted(targetTime)));
        runtime.awaitHealthy("by-time", 2, STARTUP);
        assertRecoveredToTheTarget("by-time-1", "by-time");
        assertThat(runtime.cluster("by-time").getStatus().timelineID()).isEqualTo(2);
        // the standby joined the recovered primary
        Secret app = appSecret("by-time");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(
                        () -> assertThat(psqlOrError(runtime.podIp("by-time-2"), app, "SELECT count(*) FROM items"))
                                .isEqualTo("150"));
        assertArchivesToItsOwnDestination("by-time");
    }

    @Test
    @Order(30)
    void aClusterWaitsForItsBackupThenRecoversFromItsStatus() {
        runtime.createCluster(recovering("from-backup", 1, "backup: {name: origin-later}", null));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Condition ready = runtime.condition(runtime.cluster("from-backup"), "Ready");
                    assertThat(ready).isNotNull();
                    assertThat(ready.getReason()).isEqualTo("RecoveryBackupNotFound");
                    assertThat(ready.getMessage()).contains("origin-later");
                });
        assertThat(runtime.pod("from-backup-1")).isNull();

        backUpThroughTheOperator("origin-later");

        runtime.awaitHealthy("from-backup", 1, STARTUP);
        Secret app = appSecret("from-backup");
        // no target: the whole archive is replayed
        assertThat(psql(runtime.podIp("from-backup-1"), app, "SELECT count(*) FROM items WHERE id <= 150"))
                .isEqualTo("150");
        assertThat(psql(runtime.podIp("from-backup-1"), app, "SELECT count(*) FROM items WHERE note = 'marker'"))
                .isEqualTo("10");
    }

    @Test
    @Order(40)
    void aClusterRecoveredToATargetLsnWithParallelWalRestoreHasEveryRowBeforeItAndNoMarker() {
        runtime.createCluster(recovering("by-lsn", 1, "source: origin", "{targetLSN: \"%s\"}".formatted(targetLsn), 3));
        runtime.awaitHealthy("by-lsn", 1, STARTUP);
        assertRecoveredToTheTarget("by-lsn-1", "by-lsn");
    }

    @Test
    @Order(50)
    void aClusterRecoveredFromABackupToARestorePointHasEveryRowBeforeItAndNoMarker() {
        runtime.createCluster(recovering("by-name", 1, "backup: {name: origin-base}", "{targetName: before-markers}"));
        runtime.awaitHealthy("by-name", 1, STARTUP);
        assertRecoveredToTheTarget("by-name-1", "by-name");
    }

    @Test
    @Order(60)
    void aTargetBeforeEveryBackupLeavesTheClusterNotReadyWithTheInstancesReason() {
        runtime.createCluster(recovering("too-early", 1, "source: origin", "{targetTime: \"2001-01-01 00:00:00\"}"));
        await().atMost(STARTUP).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Condition ready = runtime.condition(runtime.cluster("too-early"), "Ready");
            assertThat(ready).isNotNull();
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("RecoveryFailed");
            assertThat(ready.getMessage()).contains("no target backup found");
        });
        Pod pod = runtime.pod("too-early-1");
        assertThat(pod.getStatus().getContainerStatuses())
                .singleElement()
                .satisfies(s -> assertThat(s.getRestartCount()).isZero());
    }

    @Test
    @Order(70)
    void aClusterRecoveredFromAHotSnapshotToTargetImmediateHoldsTheRowsOfTheSnapshot() {
        runtime.createCluster(recovering(
                "snap-immediate",
                1,
                "source: origin\n      " + volumeSnapshots("origin-hot"),
                "{targetImmediate: true}"));
        runtime.awaitHealthy("snap-immediate", 1, STARTUP);
        Secret app = appSecret("snap-immediate");
        String ip = runtime.podIp("snap-immediate-1");
        assertThat(psql(ip, app, "SELECT count(*) FROM items WHERE note = 'in the base backup'"))
                .isEqualTo("100");
        assertThat(psql(ip, app, "SELECT count(*) FROM items WHERE id > 100")).isEqualTo("0");
        assertThat(psql(ip, app, "SELECT pg_is_in_recovery()")).isEqualTo("f");
        assertThat(claim("snap-immediate-1").getSpec().getDataSource().getName())
                .isEqualTo("origin-hot");
        assertArchivesToItsOwnDestination("snap-immediate");
    }

    /** CloudNativePG's sample {@code cluster-restore-snapshot-pitr.yaml}, pointed at this test's snapshot and store. */
    @Test
    @Order(80)
    void cloudNativePgsPitrSampleRecoversAHotSnapshotAndTheArchiveToATargetTime() {
        runtime.createCluster(runtime.pointedAtTheObjectStore(sample("cluster-restore-snapshot-pitr.yaml"), "s3-creds")
                .replace("cluster-example-with-backup-3-1692618163", "origin-hot")
                .replace("serverName: cluster-example-with-backup", "serverName: origin")
                .replace("destinationPath: s3://backups/", "destinationPath: s3://" + BUCKET + "/origin")
                .replace("2023-08-21 12:00:00.00000+00", targetTime));
        runtime.awaitHealthy("cluster-restore-pitr", 3, STARTUP);
        assertRecoveredToTheTarget("cluster-restore-pitr-1", "cluster-restore-pitr");
        // the other instances are standbys copied from the recovered primary, not restores of their own
        Secret app = appSecret("cluster-restore-pitr");
        for (String standby : List.of("cluster-restore-pitr-2", "cluster-restore-pitr-3")) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(
                            () -> assertThat(psqlOrError(runtime.podIp(standby), app, "SELECT count(*) FROM items"))
                                    .isEqualTo("150"));
            assertThat(claim(standby).getSpec().getDataSource()).isNull();
        }
    }

    /** CloudNativePG's sample {@code cluster-restore-snapshot.yaml}, pointed at a cold snapshot of the source. */
    @Test
    @Order(90)
    void cloudNativePgsSampleRecoversAColdSnapshotWithoutAnArchiveWithEveryRowTheSourceHad() {
        String rows = psql(runtime.podIp("origin-1"), appSecret("origin"), "SELECT count(*) FROM items");
        backUpThroughTheOperator("origin-cold", "volumeSnapshot", false);
        runtime.createCluster(
                sample("cluster-restore-snapshot.yaml").replace("cluster-example-20230930084154", "origin-cold"));
        runtime.awaitHealthy("cluster-restore", 3, STARTUP);
        Secret app = appSecret("cluster-restore");
        assertThat(psql(runtime.podIp("cluster-restore-1"), app, "SELECT count(*) FROM items"))
                .isEqualTo(rows);
        assertThat(psql(runtime.podIp("cluster-restore-1"), app, "SELECT count(*) FROM items WHERE note = 'marker'"))
                .isEqualTo("10");
        assertThat(runtime.pod("cluster-restore-1").getStatus().getContainerStatuses())
                .singleElement()
                .satisfies(s -> assertThat(s.getRestartCount()).isZero());
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(
                                psqlOrError(runtime.podIp("cluster-restore-3"), app, "SELECT count(*) FROM items"))
                        .isEqualTo(rows));
    }

    // ---- steps

    /** A Backup of the origin cluster, taken by the operator and the instance manager; its barman backup ID. */
    private String backUpThroughTheOperator(String name) {
        runtime.createBackup(name, "origin");
        return awaitCompleted(name);
    }

    /** A Backup of the origin cluster with another method; its backup ID. */
    private String backUpThroughTheOperator(String name, String method, boolean online) {
        runtime.createBackup(name, "origin", method, online);
        return awaitCompleted(name);
    }

    private String awaitCompleted(String name) {
        await().atMost(STARTUP).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Backup backup = client.resources(Backup.class)
                    .inNamespace(ns())
                    .withName(name)
                    .get();
            assertThat(backup.getStatus()).isNotNull();
            assertThat(backup.getStatus().phase()).isNotNull();
            assertThat(backup.getStatus().phase().value())
                    .as("phase of %s (error: %s)", name, backup.getStatus().error())
                    .isEqualTo("completed");
        });
        return client.resources(Backup.class)
                .inNamespace(ns())
                .withName(name)
                .get()
                .getStatus()
                .backupId();
    }

    private void assertRecoveredToTheTarget(String podName, String clusterName) {
        Secret app = appSecret(clusterName);
        String ip = runtime.podIp(podName);
        assertThat(psql(ip, app, "SELECT count(*) FROM items WHERE note = 'in the base backup'"))
                .isEqualTo("100");
        assertThat(psql(ip, app, "SELECT count(*) FROM items WHERE note = 'replayed from the WAL'"))
                .isEqualTo("50");
        assertThat(psql(ip, app, "SELECT count(*) FROM items WHERE note = 'marker'"))
                .isEqualTo("0");
        assertThat(psql(ip, app, "SELECT pg_is_in_recovery()")).isEqualTo("f");
    }

    /** A segment switched on the recovered primary reaches its own destination, and nothing of it the source's. */
    private void assertArchivesToItsOwnDestination(String clusterName) {
        Secret app = appSecret(clusterName);
        String ip = runtime.podIp(clusterName + "-1");
        psql(ip, app, "INSERT INTO items VALUES (5000, 'after the recovery')");
        String segment = psql(ip, app, "SELECT pg_walfile_name(pg_current_wal_lsn())");
        psql(ip, app, "SELECT pg_switch_wal()");
        await().atMost(ARCHIVING)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(
                        () -> assertThat(runtime.store().listKeys(BUCKET, clusterName + "/" + clusterName + "/wals/"))
                                .anySatisfy(key -> assertThat(key).contains(segment)));
        assertThat(segment).startsWith("00000002");
        // the history file of the new timeline, written while archiving was off, is archived too
        assertThat(runtime.store().listKeys(BUCKET, clusterName + "/" + clusterName + "/wals/"))
                .anySatisfy(key -> assertThat(key).endsWith("00000002.history"));
        assertThat(runtime.store().listKeys(BUCKET, "origin/"))
                .noneSatisfy(key -> assertThat(key).contains("/00000002"));
    }

    // ---- helpers

    private String ns() {
        return runtime.ns();
    }

    /** The YAML lines of a barmanObjectStore on the local store, indented by {@code indent}. */
    private String objectStore(String path, String indent) {
        return """
                destinationPath: s3://%s/%s
                endpointURL: %s
                s3Credentials:
                  accessKeyId: {name: s3-creds, key: ACCESS_KEY_ID}
                  secretAccessKey: {name: s3-creds, key: ACCESS_SECRET_KEY}
                  region: {name: s3-creds, key: REGION}""".formatted(BUCKET, path, runtime.store().endpointUrl())
                .lines()
                .map(line -> indent + line)
                .reduce((a, b) -> a + "\n" + b)
                .orElseThrow();
    }

    private String recovering(String name, int instances, String from, String recoveryTarget) {
        return recovering(name, instances, from, recoveryTarget, null);
    }

    /** @param walMaxParallel the source's {@code wal.maxParallel}: prefetch on restore */
    private String recovering(String name, int instances, String from, String recoveryTarget, Integer walMaxParallel) {
        return """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: %s}
                spec:
                  instances: %d
                  storage: {size: 1Gi, storageClass: csi-hostpath-sc}
                  postgresql: {parameters: {shared_buffers: 32MB, max_connections: "30"}}
                  bootstrap:
                    recovery:
                      %s
                %s
                  externalClusters:
                    - name: origin
                      barmanObjectStore:
                %s
                  backup:
                    barmanObjectStore:
                %s
                """.formatted(
                name,
                instances,
                from,
                recoveryTarget == null ? "" : "      recoveryTarget: " + recoveryTarget,
                objectStore("origin", "        ")
                        + (walMaxParallel == null ? "" : "\n        wal: {maxParallel: " + walMaxParallel + "}"),
                objectStore(name, "      "));
    }

    private static String sample(String name) {
        try {
            return Files.readString(CnpgReference.root().resolve("samples").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String volumeSnapshots(String snapshot) {
        return "volumeSnapshots: {storage: {name: %s, kind: VolumeSnapshot, apiGroup: snapshot.storage.k8s.io}}"
                .formatted(snapshot);
    }

    private io.fabric8.kubernetes.api.model.PersistentVolumeClaim claim(String name) {
        return client.persistentVolumeClaims().inNamespace(ns()).withName(name).get();
    }

    private Secret appSecret(String clusterName) {
        return client.secrets().inNamespace(ns()).withName(clusterName + "-app").get();
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    private static String psql(String host, Secret app, String sql) {
        String result = psqlOrError(host, app, sql);
        if (result.startsWith("ERROR ")) {
            throw new IllegalStateException(result);
        }
        return result;
    }

    private static String psqlOrError(String host, Secret app, String sql) {
        return LocalPostgres.psqlOverTcp(
                host,
                decode(app, "username"),
                decode(app, "password"),
                decode(app, "dbname"),
                sql,
                Duration.ofSeconds(30));
    }
}
