package io.cairn.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.InstanceLsns;
import io.cairn.controller.backup.BackupStatusWriter;
import io.cairn.testing.CnpgReference;
import io.cairn.testing.Kubectl;
import io.cairn.testing.LocalControlPlaneResource;
import io.cairn.testing.LocalPostgres;
import io.cairn.testing.LocalRuntimeFixture;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clusters on real parts: the operator in this JVM, the local runtime's control plane and real node running the
 * instance pods as containers ({@code /controller/manager instance run}, PostgreSQL 15, barman-cloud) and S3Proxy as
 * the object store.
 */
@QuarkusTest
@QuarkusTestResource(LocalControlPlaneResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String BUCKET = "backups";
    private static final Duration STARTUP = Duration.ofSeconds(240);
    private static final Duration ARCHIVING = Duration.ofSeconds(120);
    /** The single cluster's archive_timeout (spec.postgresql.parameters). */
    private static final Duration ARCHIVE_TIMEOUT = Duration.ofSeconds(5);

    private static final String LSN = "[0-9A-F]+/[0-9A-F]+";

    @Inject
    KubernetesClient client;

    @RegisterExtension
    static final LocalRuntimeFixture runtime =
            LocalRuntimeFixture.perTestClass("cluster", BUCKET).withS3Secret("s3-creds");

    @Test
    @Order(10)
    void oneInstanceBecomesReadyAndArchivesItsWal() {
        runtime.createCluster("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: single}
                spec:
                  instances: 1
                  enableSuperuserAccess: true
                  storage: {size: 1Gi}
                  bootstrap:
                    initdb:
                      database: app
                      owner: app
                      postInitApplicationSQL: ["GRANT EXECUTE ON FUNCTION pg_catalog.pg_switch_wal() TO app"]
                  postgresql: {parameters: {shared_buffers: 32MB, max_connections: "30", archive_timeout: 5s}}
                  backup:
                    barmanObjectStore:
                      destinationPath: s3://%s/single
                      endpointURL: %s
                      s3Credentials:
                        accessKeyId: {name: s3-creds, key: ACCESS_KEY_ID}
                        secretAccessKey: {name: s3-creds, key: ACCESS_SECRET_KEY}
                        region: {name: s3-creds, key: REGION}
                """.formatted(BUCKET, runtime.store().endpointUrl()));
        Cluster ready = awaitHealthy("single", 1);
        assertThat(ready.getStatus().currentPrimary()).isEqualTo("single-1");
        assertThat(ready.getStatus().targetPrimary()).isEqualTo("single-1");
        assertThat(ready.getStatus().instanceNames()).containsExactly("single-1");
        assertThat(ready.getStatus().instancesStatus()).containsEntry("healthy", List.of("single-1"));
        assertThat(ready.getStatus().writeService()).isEqualTo("single-rw");
        assertThat(ready.getStatus().readService()).isEqualTo("single-r");
        assertThat(ready.getStatus().selector()).isEqualTo("cnpg.io/cluster=single");
        assertThat(ready.getStatus().observedGeneration()).isEqualTo(1L);
        assertThat(runtime.condition(ready, "Ready").getStatus()).isEqualTo("True");

        Pod pod = runtime.pod("single-1");
        assertThat(pod.getMetadata().getLabels())
                .containsEntry("cnpg.io/cluster", "single")
                .containsEntry("cnpg.io/instanceName", "single-1")
                .containsEntry("cnpg.io/instanceRole", "primary")
                .containsEntry("role", "primary");
        assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(26L);
        assertThat(pod.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(o -> assertThat(o.getController()).isTrue());
        PersistentVolumeClaim claim = client.persistentVolumeClaims()
                .inNamespace(ns())
                .withName("single-1")
                .get();
        assertThat(claim.getMetadata().getLabels()).containsEntry("cnpg.io/pvcRole", "PG_DATA");
        assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
        for (String service : List.of("single-rw", "single-ro", "single-r")) {
            assertThat(client.services().inNamespace(ns()).withName(service).get())
                    .isNotNull();
        }
        Secret app = client.secrets().inNamespace(ns()).withName("single-app").get();
        assertThat(decode(app, "username")).isEqualTo("app");
        assertThat(decode(app, "dbname")).isEqualTo("app");
        assertThat(decode(app, "password")).hasSize(32);
        assertThat(client.secrets()
                        .inNamespace(ns())
                        .withName("single-replication")
                        .get())
                .isNotNull();
        assertThat(runtime.condition(ready, "UnsupportedFields")).isNull();
        theInstanceRunsAsContainersOfTheRealNode(pod);

        String ip = pod.getStatus().getPodIP();
        psql(ip, app, "CREATE TABLE items(id int PRIMARY KEY, note text)");
        psql(ip, app, "INSERT INTO items SELECT g, md5(g::text) FROM generate_series(1, 1000) g");
        String segment = psql(ip, app, "SELECT pg_walfile_name(pg_current_wal_lsn())");
        // /readyz waits for the owner and the database; the postInitApplicationSQL (our GRANT, in the app database
        // where the test connects) follows right after
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> !psqlOrError(ip, app, "SELECT pg_switch_wal()").startsWith("ERROR"));
        await().atMost(ARCHIVING)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(runtime.store().listKeys(BUCKET, "single/single/wals/"))
                        .anySatisfy(key -> assertThat(key).contains(segment)));
        await().atMost(ARCHIVING).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Condition archiving = runtime.condition(runtime.cluster("single"), "ContinuousArchiving");
            assertThat(archiving).isNotNull();
            assertThat(archiving.getStatus()).isEqualTo("True");
            assertThat(archiving.getReason()).isEqualTo("ContinuousArchivingSuccess");
        });
    }

    @Test
    @Order(11)
    void thePrimaryReportsItsWalPositionInTheStatus() {
        await().atMost(ARCHIVING).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Cluster cluster = runtime.cluster("single");
            assertThat(cluster.getStatus().instancesReportedState()).containsOnlyKeys("single-1");
            assertThat(cluster.getStatus().instancesReportedState().get("single-1"))
                    .satisfies(state -> {
                        assertThat(state.isPrimary()).isTrue();
                        assertThat(state.timeLineID()).isEqualTo(1);
                        assertThat(state.ip()).isEqualTo(runtime.podIp("single-1"));
                    });
            assertThat(cluster.getStatus().instanceLsns()).singleElement().satisfies(lsns -> {
                assertThat(lsns.name()).isEqualTo("single-1");
                assertThat(lsns.role()).isEqualTo("primary");
                assertThat(lsns.currentLsn()).matches(LSN);
            });
        });
    }

    @Test
    @Order(12)
    void aWriteReachesTheBucketWithinArchiveTimeoutWithoutASwitch() {
        Secret app = client.secrets().inNamespace(ns()).withName("single-app").get();
        String ip = runtime.podIp("single-1");
        psql(ip, app, "INSERT INTO items VALUES (5000, 'archived by archive_timeout')");
        String segment = psql(ip, app, "SELECT pg_walfile_name(pg_current_wal_insert_lsn())");
        // archive_timeout is 5s: PostgreSQL switches the segment by itself; the bound is generous, not a speed test
        await().atMost(ARCHIVE_TIMEOUT.plus(ARCHIVING))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(runtime.store().listKeys(BUCKET, "single/single/wals/"))
                        .anySatisfy(key -> assertThat(key).contains(segment)));
    }

    @Test
    @Order(13)
    void theSuperuserSecretsPasswordLetsPostgresConnectOverTcp() {
        Secret superuser =
                client.secrets().inNamespace(ns()).withName("single-superuser").get();
        assertThat(superuser.getType()).isEqualTo("kubernetes.io/basic-auth");
        assertThat(decode(superuser, "username")).isEqualTo("postgres");
        assertThat(psqlAs(
                        runtime.podIp("single-1"),
                        "postgres",
                        decode(superuser, "password"),
                        "postgres",
                        "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
                .isEqualTo("t");
        assertThat(psqlAs(runtime.podIp("single-1"), "postgres", "not-the-password", "postgres", "SELECT 1"))
                .startsWith("ERROR")
                .contains("password authentication failed");
    }

    @Test
    @Order(15)
    void wrongCredentialsTurnContinuousArchivingFalseAndFixingThemTurnsItTrueWithNoWalLost() {
        // the Backup reconciler's condition, written meanwhile by its own writer, must survive the status applies
        BackupStatusWriter.backupFailed(
                runtime.cluster("single"),
                "a backup failed while archiving was being fixed",
                Instant.parse("2026-11-25T00:00:00Z"));
        Condition backupCondition = runtime.condition(runtime.cluster("single"), "LastBackupSucceeded");
        assertThat(backupCondition.getStatus()).isEqualTo("False");
        setSecretKey("not-the-secret");
        restartPod("single-1");
        Secret app = client.secrets().inNamespace(ns()).withName("single-app").get();
        String ip = runtime.podIp("single-1");
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            psql(
                    ip,
                    app,
                    "INSERT INTO items SELECT g, 'while failing' FROM generate_series(" + (2000 + i * 100) + ", "
                            + (2099 + i * 100) + ") g");
            written.add(psql(ip, app, "SELECT pg_walfile_name(pg_current_wal_lsn())"));
            psql(ip, app, "SELECT pg_switch_wal()");
        }
        await().atMost(ARCHIVING).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Condition archiving = runtime.condition(runtime.cluster("single"), "ContinuousArchiving");
            assertThat(archiving.getStatus()).isEqualTo("False");
            assertThat(archiving.getReason()).isEqualTo("ContinuousArchivingFailing");
            assertThat(archiving.getMessage()).contains("403");
        });

        setSecretKey(runtime.store().secretAccessKey());
        restartPod("single-1");
        await().atMost(ARCHIVING)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(runtime.condition(runtime.cluster("single"), "ContinuousArchiving")
                                .getStatus())
                        .isEqualTo("True"));
        await().atMost(ARCHIVING).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<String> keys = runtime.store().listKeys(BUCKET, "single/single/wals/");
            for (String segment : written) {
                assertThat(keys).anySatisfy(key -> assertThat(key).contains(segment));
            }
        });
        Cluster after = runtime.cluster("single");
        assertThat(runtime.condition(after, "LastBackupSucceeded")).isEqualTo(backupCondition);
        assertThat(runtime.condition(after, "Ready").getStatus()).isEqualTo("True");
        assertThat(after.getStatus().lastFailedBackup()).isEqualTo("2026-11-25T00:00:00Z");
    }

    @Test
    @Order(20)
    void threeInstancesStreamThePrimarysRowsToBothStandbys() {
        runtime.createCluster("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: trio}
                spec:
                  instances: 3
                  storage: {size: 1Gi}
                  walStorage: {size: 1Gi}
                  postgresql: {parameters: {shared_buffers: 32MB, max_connections: "30"}}
                """);
        Cluster ready = awaitHealthy("trio", 3);
        assertThat(ready.getStatus().instanceNames()).containsExactly("trio-1", "trio-2", "trio-3");
        assertThat(runtime.pod("trio-1").getMetadata().getLabels()).containsEntry("role", "primary");
        assertThat(runtime.pod("trio-2").getMetadata().getLabels())
                .containsEntry("role", "replica")
                .containsEntry("cnpg.io/instanceRole", "replica");
        assertThat(client.persistentVolumeClaims()
                        .inNamespace(ns())
                        .withName("trio-2-wal")
                        .get()
                        .getMetadata()
                        .getLabels())
                .containsEntry("cnpg.io/pvcRole", "PG_WAL");

        // enableSuperuserAccess defaults to false: no superuser Secret
        assertThat(client.secrets().inNamespace(ns()).withName("trio-superuser").get())
                .isNull();
        Secret app = client.secrets().inNamespace(ns()).withName("trio-app").get();
        psql(runtime.podIp("trio-1"), app, "CREATE TABLE notes(id int PRIMARY KEY, note text)");
        psql(runtime.podIp("trio-1"), app, "INSERT INTO notes VALUES (1, 'written on the primary')");
        for (String standby : List.of("trio-2", "trio-3")) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(
                                    psqlOrError(runtime.podIp(standby), app, "SELECT note FROM notes WHERE id = 1"))
                            .isEqualTo("written on the primary"));
            assertThat(psql(runtime.podIp(standby), app, "SELECT pg_is_in_recovery()"))
                    .isEqualTo("t");
            // the standby streams from the primary through the -rw Service, whose name CoreDNS resolves in the pod
            assertThat(Kubectl.run(
                            ns(),
                            "exec",
                            standby,
                            "-c",
                            "postgres",
                            "--",
                            "/usr/lib/postgresql/15/bin/psql",
                            "-h",
                            "/controller/run",
                            "-U",
                            "postgres",
                            "-d",
                            "postgres",
                            "-Atc",
                            "SELECT sender_host FROM pg_stat_wal_receiver"))
                    .isEqualTo("trio-rw\n");
            assertThat(Kubectl.run(ns(), "exec", standby, "-c", "postgres", "--", "getent", "hosts", "trio-rw"))
                    .contains(client.services()
                            .inNamespace(ns())
                            .withName("trio-rw")
                            .get()
                            .getSpec()
                            .getClusterIP());
        }
        await().atMost(ARCHIVING).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Cluster cluster = runtime.cluster("trio");
            assertThat(cluster.getStatus().instanceLsns())
                    .extracting(InstanceLsns::name)
                    .containsExactly("trio-1", "trio-2", "trio-3");
            assertThat(cluster.getStatus().instanceLsns().get(0)).satisfies(primary -> {
                assertThat(primary.role()).isEqualTo("primary");
                assertThat(primary.currentLsn()).matches(LSN);
                assertThat(primary.receivedLsn()).isNull();
            });
            for (InstanceLsns standby : cluster.getStatus().instanceLsns().subList(1, 3)) {
                assertThat(standby.role()).isEqualTo("replica");
                assertThat(standby.receivedLsn()).matches(LSN);
                assertThat(standby.replayedLsn()).matches(LSN);
                assertThat(standby.currentLsn()).isNull();
            }
            assertThat(cluster.getStatus().instancesReportedState()).hasSize(3);
            assertThat(cluster.getStatus()
                            .instancesReportedState()
                            .get("trio-1")
                            .isPrimary())
                    .isTrue();
            assertThat(cluster.getStatus()
                            .instancesReportedState()
                            .get("trio-2")
                            .isPrimary())
                    .isFalse();
        });
    }

    @Test
    @Order(25)
    void aDeletedStandbyPodComesBackOnItsVolumeAndCatchesUp() {
        Pod before = runtime.pod("trio-3");
        client.pods().inNamespace(ns()).withName("trio-3").delete();
        Secret app = client.secrets().inNamespace(ns()).withName("trio-app").get();
        psql(runtime.podIp("trio-1"), app, "INSERT INTO notes VALUES (2, 'written while trio-3 was away')");
        await().atMost(STARTUP).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Pod now = runtime.pod("trio-3");
            return now != null
                    && !now.getMetadata().getUid().equals(before.getMetadata().getUid())
                    && ClusterReconciler.podReady(now);
        });
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(psqlOrError(runtime.podIp("trio-3"), app, "SELECT count(*) FROM notes"))
                        .isEqualTo("2"));
        awaitHealthy("trio", 3);
    }

    @Test
    @Order(27)
    void scalingDownRemovesTheLastInstanceAndScalingUpAddsAStandby() {
        scale("trio", 2);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    assertThat(runtime.pod("trio-3")).isNull();
                    assertThat(client.persistentVolumeClaims()
                                    .inNamespace(ns())
                                    .withName("trio-3")
                                    .get())
                            .isNull();
                    assertThat(client.persistentVolumeClaims()
                                    .inNamespace(ns())
                                    .withName("trio-3-wal")
                                    .get())
                            .isNull();
                });
        Cluster two = awaitHealthy("trio", 2);
        assertThat(two.getStatus().instanceNames()).containsExactly("trio-1", "trio-2");

        scale("trio", 3);
        Cluster three = awaitHealthy("trio", 3);
        assertThat(three.getStatus().instanceNames()).containsExactly("trio-1", "trio-2", "trio-3");
        Secret app = client.secrets().inNamespace(ns()).withName("trio-app").get();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(psqlOrError(runtime.podIp("trio-3"), app, "SELECT count(*) FROM notes"))
                        .isEqualTo("2"));
    }

    @Test
    @Order(30)
    void deletingTheClusterRemovesItsObjects() {
        client.resources(Cluster.class).inNamespace(ns()).withName("trio").delete();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    assertThat(labelled(client.pods()
                                    .inNamespace(ns())
                                    .withLabel("cnpg.io/cluster", "trio")
                                    .list()
                                    .getItems()))
                            .isEmpty();
                    assertThat(labelled(client.persistentVolumeClaims()
                                    .inNamespace(ns())
                                    .withLabel("cnpg.io/cluster", "trio")
                                    .list()
                                    .getItems()))
                            .isEmpty();
                    assertThat(labelled(client.services()
                                    .inNamespace(ns())
                                    .withLabel("cnpg.io/cluster", "trio")
                                    .list()
                                    .getItems()))
                            .isEmpty();
                    assertThat(labelled(client.secrets()
                                    .inNamespace(ns())
                                    .withLabel("cnpg.io/cluster", "trio")
                                    .list()
                                    .getItems()))
                            .isEmpty();
                    assertThat(labelled(client.configMaps()
                                    .inNamespace(ns())
                                    .withLabel("cnpg.io/cluster", "trio")
                                    .list()
                                    .getItems()))
                            .isEmpty();
                });
        // the other cluster is untouched
        assertThat(runtime.pod("single-1")).isNotNull();
    }

    @Test
    @Order(40)
    void cloudNativePgsSampleWithBackupRunsWithOnlyItsEndpointPointedAtTheLocalStore() throws IOException {
        Path sample = CnpgReference.root().resolve("samples/cluster-example-with-backup.yaml");
        String manifest = Files.readString(sample);
        assertThat(manifest).contains("endpointURL: http://minio:9000", "destinationPath: s3://" + BUCKET + "/");
        // the credentials the sample names, holding the local store's keys
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("minio")
                        .endMetadata()
                        .withStringData(Map.of(
                                "ACCESS_KEY_ID",
                                runtime.store().accessKeyId(),
                                "ACCESS_SECRET_KEY",
                                runtime.store().secretAccessKey()))
                        .build())
                .inNamespace(ns())
                .create();
        client.resource(Serialization.unmarshal(
                        manifest.replace("http://minio:9000", runtime.store().endpointUrl()), Cluster.class))
                .inNamespace(ns())
                .create();

        String name = "cluster-example-with-backup";
        Cluster ready = awaitHealthy(name, 3);
        assertThat(ready.getSpec().unmodelled()).containsEntry("primaryUpdateStrategy", "unsupervised");
        Condition unsupported = runtime.condition(ready, "UnsupportedFields");
        assertThat(unsupported.getStatus()).isEqualTo("True");
        assertThat(unsupported.getMessage()).contains("spec.primaryUpdateStrategy");
        assertThat(client.v1().events().inNamespace(ns()).list().getItems()).anySatisfy(event -> {
            assertThat(event.getInvolvedObject().getName()).isEqualTo(name);
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getReason()).isEqualTo("UnsupportedFields");
            assertThat(event.getMessage()).contains("spec.primaryUpdateStrategy");
        });

        String prefix = name + "/wals/";
        await().atMost(ARCHIVING).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(runtime.store().listKeys(BUCKET, prefix))
                    .isNotEmpty()
                    .allSatisfy(key -> assertThat(key).endsWith(".gz")); // wal.compression: gzip
            Condition archiving = runtime.condition(runtime.cluster(name), "ContinuousArchiving");
            assertThat(archiving).isNotNull();
            assertThat(archiving.getStatus()).isEqualTo("True");
        });
        client.resources(Cluster.class).inNamespace(ns()).withName(name).delete();
    }

    // ---- helpers

    private String ns() {
        return runtime.ns();
    }

    /**
     * The instance is a container of the node's containerd, run from the PostgreSQL image by the launcher that the
     * init container copied from the operator image, and {@code kubectl exec} and {@code logs} reach it.
     */
    private void theInstanceRunsAsContainersOfTheRealNode(Pod pod) {
        assertThat(pod.getStatus().getContainerStatuses()).singleElement().satisfies(status -> {
            assertThat(status.getContainerID()).startsWith("containerd://");
            assertThat(status.getImage()).contains("ghcr.io/cloudnative-pg/postgresql:15");
        });
        assertThat(pod.getStatus().getInitContainerStatuses()).singleElement().satisfies(status -> {
            assertThat(status.getName()).isEqualTo("bootstrap-controller");
            assertThat(status.getContainerID()).startsWith("containerd://");
            assertThat(status.getState().getTerminated().getExitCode()).isZero();
        });
        assertThat(pod.getSpec().getVolumes())
                .allSatisfy(volume -> assertThat(volume.getHostPath()).isNull());
        String name = pod.getMetadata().getName();
        assertThat(Kubectl.run(
                        ns(),
                        "exec",
                        name,
                        "-c",
                        "postgres",
                        "--",
                        "sh",
                        "-c",
                        "id -u; test -x /controller/manager && echo launcher; tr '\\0' ' ' </proc/1/cmdline"))
                .startsWith("26\nlauncher\n")
                // the JVM image's launcher execs java -jar .../quarkus-run.jar; the native image's manager is the
                // binary
                .containsPattern("(quarkus-run\\.jar|\n/controller/manager) instance run");
        assertThat(Kubectl.run(ns(), "logs", name, "-c", "postgres")).contains("postgres");
    }

    private void scale(String name, int instances) {
        client.resources(Cluster.class).inNamespace(ns()).withName(name).edit(cluster -> {
            Cluster scaled = Serialization.clone(cluster);
            scaled.setSpec(cluster.getSpec().withInstances(instances));
            return scaled;
        });
    }

    private void setSecretKey(String secretAccessKey) {
        client.secrets()
                .inNamespace(ns())
                .withName("s3-creds")
                .edit(secret -> new SecretBuilder(secret)
                        .addToData(
                                "ACCESS_SECRET_KEY",
                                Base64.getEncoder().encodeToString(secretAccessKey.getBytes(StandardCharsets.UTF_8)))
                        .build());
    }

    /** Deletes an instance pod (its env comes from Secrets only at start) and waits for the new one to be ready. */
    private void restartPod(String name) {
        String uid = runtime.pod(name).getMetadata().getUid();
        client.pods().inNamespace(ns()).withName(name).delete();
        await().atMost(STARTUP).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Pod now = runtime.pod(name);
            return now != null && !now.getMetadata().getUid().equals(uid) && ClusterReconciler.podReady(now);
        });
    }

    /** Healthy, and counting exactly {@code instances} instances (none left over from a scale-down). */
    private Cluster awaitHealthy(String name, int instances) {
        runtime.awaitHealthy(name, instances, STARTUP);
        await().atMost(STARTUP)
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(
                        () -> assertThat(runtime.cluster(name).getStatus().instances())
                                .isEqualTo(instances));
        return runtime.cluster(name);
    }

    private static <T extends HasMetadata> List<String> labelled(List<T> items) {
        return items.stream()
                .map(i -> i.getKind() + "/" + i.getMetadata().getName())
                .toList();
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    /** psql over TCP to a pod IP as the application owner, with the password from the Cluster's app Secret. */
    private static String psql(String host, Secret app, String sql) {
        String result = psqlOrError(host, app, sql);
        if (result.startsWith("ERROR ")) {
            throw new IllegalStateException(result);
        }
        return result;
    }

    private static String psqlOrError(String host, Secret app, String sql) {
        return psqlAs(host, decode(app, "username"), decode(app, "password"), decode(app, "dbname"), sql);
    }

    /** psql over TCP to a pod IP; the output, or "ERROR psql: " and the output. */
    private static String psqlAs(String host, String user, String password, String database, String sql) {
        return LocalPostgres.psqlOverTcp(host, user, password, database, sql, Duration.ofSeconds(30));
    }
}
