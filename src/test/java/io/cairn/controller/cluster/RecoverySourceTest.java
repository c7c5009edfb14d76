package io.cairn.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.Cluster;
import io.cairn.instance.api.InstanceConfig;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RecoverySourceTest {

    private static final Function<String, Backup> NO_BACKUPS = name -> null;

    @Test
    void anExternalClusterGivesItsStoreAndItsNameAsServerName() {
        Cluster cluster = cluster("""
                bootstrap:
                  recovery:
                    source: origin
                    database: shop
                    recoveryTarget: {targetTime: "2026-11-25T18:00:00Z", targetTLI: "1", backupID: 20261125T170000}
                externalClusters:
                  - name: origin
                    barmanObjectStore:
                      destinationPath: s3://backups/origin
                      endpointURL: http://s3:9000
                      s3Credentials:
                        accessKeyId: {name: source-creds, key: ID}
                        secretAccessKey: {name: source-creds, key: SECRET}
                backup:
                  barmanObjectStore:
                    destinationPath: s3://backups/origin
                    serverName: restored
                    s3Credentials:
                      accessKeyId: {name: own-creds, key: ID}
                      secretAccessKey: {name: own-creds, key: SECRET}
                """);
        InstanceConfig.Recovery recovery = resolved(RecoverySource.resolve(cluster, NO_BACKUPS));
        assertThat(recovery.barmanObjectStore().destinationPath()).isEqualTo("s3://backups/origin");
        assertThat(recovery.barmanObjectStore().endpointURL()).isEqualTo("http://s3:9000");
        assertThat(recovery.serverName()).isEqualTo("origin");
        assertThat(recovery.backupId()).isEqualTo("20261125T170000");
        assertThat(recovery.targetTime()).isEqualTo("2026-11-25 18:00:00.000000+00:00");
        assertThat(recovery.targetTLI()).isEqualTo("1");
        assertThat(recovery.settings())
                .containsEntry("recovery_target_time", "2026-11-25 18:00:00.000000+00:00")
                .containsEntry("recovery_target_timeline", "1");
        assertThat(recovery.effectiveDatabase()).isEqualTo("shop");
        assertThat(recovery.effectiveOwner()).isEqualTo("shop");

        Map<String, EnvVar> env = RecoverySource.environment(recovery.barmanObjectStore()).stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env).containsOnlyKeys("CAIRN_RECOVERY_AWS_ACCESS_KEY_ID", "CAIRN_RECOVERY_AWS_SECRET_ACCESS_KEY");
        assertThat(env.get("CAIRN_RECOVERY_AWS_ACCESS_KEY_ID")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getName())
                .isEqualTo("source-creds");
    }

    @Test
    void theSourcesEndpointCaIsMountedForTheRestoreCommandsOnly() {
        assertMountedForTheRestoreCommandsOnly(
                """
                destinationPath: s3://backups/origin
                endpointCA: {name: origin-ca, key: bundle.pem}
                s3Credentials: {inheritFromIAMRole: true}
                """,
                "origin-ca",
                "bundle.pem",
                "CAIRN_RECOVERY_AWS_CA_BUNDLE",
                "/etc/cairn/recovery-endpoint-ca/ca.crt");
    }

    @Test
    void theSourcesGoogleKeyIsMountedForTheRestoreCommandsOnly() {
        assertMountedForTheRestoreCommandsOnly(
                """
                destinationPath: gs://backups/origin
                googleCredentials:
                  applicationCredentials: {name: origin-key, key: key.json}
                """,
                "origin-key",
                "key.json",
                "CAIRN_RECOVERY_GOOGLE_APPLICATION_CREDENTIALS",
                "/etc/cairn/recovery-google/application_credentials.json");
    }

    /**
     * Recovering from the external cluster whose barmanObjectStore is {@code store}, the first instance's pod gets
     * the key {@code key} of the Secret {@code secret} as the file {@code file}, which {@code variable} names; the
     * desired pod itself is not changed.
     */
    private static void assertMountedForTheRestoreCommandsOnly(
            String store, String secret, String key, String variable, String file) {
        Cluster cluster = cluster("""
                bootstrap: {recovery: {source: origin}}
                externalClusters:
                  - name: origin
                    barmanObjectStore:
                %s""".formatted(store.indent(6)));
        Pod pod = new PodBuilder()
                .withNewSpec()
                .addNewContainer()
                .withName("postgres")
                .endContainer()
                .endSpec()
                .build();

        Pod recovering = RecoverySource.withCredentials(
                pod, resolved(RecoverySource.resolve(cluster, NO_BACKUPS)).barmanObjectStore());

        Path path = Path.of(file);
        assertThat(recovering.getSpec().getVolumes()).singleElement().satisfies(volume -> {
            assertThat(volume.getSecret().getSecretName()).isEqualTo(secret);
            assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
                assertThat(item.getKey()).isEqualTo(key);
                assertThat(item.getPath()).isEqualTo(path.getFileName().toString());
            });
        });
        assertThat(recovering.getSpec().getContainers().get(0).getVolumeMounts())
                .singleElement()
                .satisfies(mount -> assertThat(mount.getMountPath())
                        .isEqualTo(path.getParent().toString()));
        assertThat(recovering.getSpec().getContainers().get(0).getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo(variable);
            assertThat(env.getValue()).isEqualTo(file);
        });
        assertThat(pod.getSpec().getVolumes())
                .as("the desired pod itself is not changed")
                .isEmpty();
    }

    @Test
    void theStoresServerNameWinsOverTheExternalClustersName() {
        Cluster cluster = cluster("""
                bootstrap: {recovery: {source: origin}}
                externalClusters:
                  - name: origin
                    barmanObjectStore:
                      destinationPath: s3://backups/origin
                      serverName: origin-v2
                      s3Credentials: {inheritFromIAMRole: true}
                """);
        assertThat(resolved(RecoverySource.resolve(cluster, NO_BACKUPS)).serverName())
                .isEqualTo("origin-v2");
    }

    @Test
    void aCompletedBackupGivesTheStoreOfItsStatus() {
        Cluster cluster = cluster("bootstrap: {recovery: {backup: {name: nightly}}}");
        Backup backup = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: nightly, namespace: db}
                spec: {cluster: {name: origin}}
                status:
                  phase: completed
                  method: barmanObjectStore
                  backupId: 20261125T170000
                  destinationPath: s3://backups/origin
                  endpointURL: http://s3:9000
                  serverName: origin
                  s3Credentials:
                    accessKeyId: {name: source-creds, key: ID}
                    secretAccessKey: {name: source-creds, key: SECRET}
                """, Backup.class);
        InstanceConfig.Recovery recovery =
                resolved(RecoverySource.resolve(cluster, name -> name.equals("nightly") ? backup : null));
        assertThat(recovery.backupId()).isEqualTo("20261125T170000");
        assertThat(recovery.serverName()).isEqualTo("origin");
        assertThat(recovery.barmanObjectStore().destinationPath()).isEqualTo("s3://backups/origin");
        assertThat(recovery.barmanObjectStore().endpointURL()).isEqualTo("http://s3:9000");
        assertThat(recovery.barmanObjectStore().s3Credentials().accessKeyId().name())
                .isEqualTo("source-creds");
        assertThat(recovery.settings()).isEmpty();
    }

    @Test
    void aMissingOrUnfinishedBackupMakesTheClusterWait() {
        Cluster cluster = cluster("bootstrap: {recovery: {backup: {name: nightly}}}");
        assertThat(waiting(RecoverySource.resolve(cluster, NO_BACKUPS)).reason())
                .isEqualTo("RecoveryBackupNotFound");
        Backup running = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: nightly, namespace: db}
                spec: {cluster: {name: origin}}
                status: {phase: running}
                """, Backup.class);
        RecoverySource.Waiting waiting = waiting(RecoverySource.resolve(cluster, name -> running));
        assertThat(waiting.reason()).isEqualTo("RecoveryBackupNotCompleted");
        assertThat(waiting.message()).contains("nightly").contains("running");
    }

    @Test
    void anUnknownSourceABadTargetTimeOrTheSourcesOwnArchiveMakeTheClusterWait() {
        assertThat(waiting(RecoverySource.resolve(cluster("bootstrap: {recovery: {source: nowhere}}"), NO_BACKUPS))
                        .reason())
                .isEqualTo("RecoverySourceNotFound");
        String source = """
                externalClusters:
                  - name: origin
                    barmanObjectStore:
                      destinationPath: s3://backups/origin
                      s3Credentials: {inheritFromIAMRole: true}
                """;
        assertThat(waiting(RecoverySource.resolve(cluster("""
                bootstrap: {recovery: {source: origin, recoveryTarget: {targetTime: soon}}}
                """ + source), NO_BACKUPS))
                        .reason())
                .isEqualTo("InvalidRecoveryTarget");
        assertThat(waiting(RecoverySource.resolve(cluster("""
                bootstrap: {recovery: {source: origin}}
                backup:
                  barmanObjectStore:
                    destinationPath: s3://backups/origin/
                    serverName: origin
                    s3Credentials: {inheritFromIAMRole: true}
                """ + source), NO_BACKUPS))
                        .reason())
                .isEqualTo("RecoveryArchiveCollision");
    }

    @Test
    void theFirstInstanceRecoversAndTheOthersStillJoin() {
        Cluster cluster = cluster("""
                bootstrap: {recovery: {source: origin}}
                externalClusters:
                  - name: origin
                    barmanObjectStore:
                      destinationPath: s3://backups/origin
                      s3Credentials: {inheritFromIAMRole: true}
                """);
        InstanceConfig.Recovery recovery = resolved(RecoverySource.resolve(cluster, NO_BACKUPS));
        InstanceConfig primary = InstanceConfigs.withRecovery(InstanceConfigs.instanceConfig(cluster, true), recovery);
        assertThat(primary.bootstrap().initdb()).isNull();
        assertThat(primary.bootstrap().recovery()).isEqualTo(recovery);
        assertThat(primary.bootstrap().ownerPasswordFile()).isEqualTo("/etc/cairn/app/password");
        assertThat(InstanceConfigs.instanceConfig(cluster, false).bootstrap().join())
                .isNotNull();
    }

    @Nested
    class FromVolumeSnapshots {

        private static final String HOT_LABEL = "START WAL LOCATION: 0/2000028 (file 000000010000000000000002)\n";
        private final Map<String, RecoverySource.RecoverySnapshot> snapshots = new java.util.HashMap<>();

        private RecoverySource.Resolution resolve(Cluster cluster) {
            return RecoverySource.resolve(cluster, NO_BACKUPS, snapshots::get, "restored-1");
        }

        private void snapshot(String name, boolean ready, String restoreSize, Map<String, String> annotations) {
            snapshots.put(
                    name,
                    new RecoverySource.RecoverySnapshot(
                            name, ready, null, restoreSize == null ? null : new Quantity(restoreSize), annotations));
        }

        private static Map<String, String> hot() {
            return Map.of(
                    "cnpg.io/onlineBackup",
                    "true",
                    "cnpg.io/backupLabelFile",
                    java.util.Base64.getEncoder().encodeToString(HOT_LABEL.getBytes(StandardCharsets.UTF_8)));
        }

        private static final String ORIGIN = """
                externalClusters:
                  - name: origin
                    barmanObjectStore:
                      destinationPath: s3://backups/
                      serverName: source
                      s3Credentials: {inheritFromIAMRole: true}
                """;

        @Test
        void aColdSnapshotRecoversWithoutAnArchiveFromTheWalItHolds() {
            snapshot("snap", true, "2Gi", Map.of("cnpg.io/onlineBackup", "false"));
            Cluster cluster = cluster("""
                    storage: {size: 1Gi}
                    bootstrap:
                      recovery:
                        volumeSnapshots:
                          storage: {name: snap, kind: VolumeSnapshot, apiGroup: snapshot.storage.k8s.io}
                    """);

            RecoverySource.Resolved resolved = (RecoverySource.Resolved) resolve(cluster);

            InstanceConfig.Recovery recovery = resolved.recovery();
            assertThat(recovery.barmanObjectStore()).isNull();
            assertThat(recovery.volumeSnapshot())
                    .isEqualTo(new InstanceConfig.SnapshotBase("u1", "restored-1", "snap", null, null));
            assertThat(resolved.claims().data().reference().name()).isEqualTo("snap");
            assertThat(resolved.claims().wal()).isNull();

            var claim = InstanceClaims.dataClaim(
                    cluster, "restored-1", resolved.claims().data());
            assertThat(claim.getSpec().getDataSource().getKind()).isEqualTo("VolumeSnapshot");
            assertThat(claim.getSpec().getDataSource().getApiGroup()).isEqualTo("snapshot.storage.k8s.io");
            assertThat(claim.getSpec().getDataSource().getName()).isEqualTo("snap");
            assertThat(claim.getSpec().getResources().getRequests().get("storage"))
                    .isEqualTo(new Quantity("2Gi"));
        }

        @Test
        void aHotSnapshotCarriesItsBackupLabelAndReplaysTheSourcesArchiveToTheTarget() {
            snapshot("snap", true, "1Gi", hot());
            snapshot("snap-wal", true, "1Gi", Map.of());
            Cluster cluster = cluster("""
                    walStorage: {size: 1Gi}
                    bootstrap:
                      recovery:
                        source: origin
                        recoveryTarget: {targetTime: "2026-12-07 18:00:00+00"}
                        volumeSnapshots:
                          storage: {name: snap, kind: VolumeSnapshot, apiGroup: snapshot.storage.k8s.io}
                          walStorage: {name: snap-wal, kind: VolumeSnapshot, apiGroup: snapshot.storage.k8s.io}
                    """ + ORIGIN);

            RecoverySource.Resolved resolved = (RecoverySource.Resolved) resolve(cluster);

            InstanceConfig.Recovery recovery = resolved.recovery();
            assertThat(recovery.volumeSnapshot().backupLabel()).isEqualTo(HOT_LABEL);
            assertThat(recovery.barmanObjectStore().destinationPath()).isEqualTo("s3://backups/");
            assertThat(recovery.serverName()).isEqualTo("source");
            assertThat(recovery.backupId()).isNull();
            assertThat(recovery.settings()).containsEntry("recovery_target_time", "2026-12-07 18:00:00.000000+00:00");
            assertThat(resolved.claims().wal().reference().name()).isEqualTo("snap-wal");
        }

        @Test
        void aHotSnapshotWithoutTheArchiveWaitsWithWhatToSet() {
            snapshot("snap", true, null, hot());
            Cluster cluster = cluster("""
                    bootstrap:
                      recovery:
                        recoveryTarget: {targetImmediate: true}
                        volumeSnapshots:
                          storage: {name: snap, kind: VolumeSnapshot, apiGroup: snapshot.storage.k8s.io}
                    """);

            RecoverySource.Waiting waiting = waiting(resolve(cluster));

            assertThat(waiting.reason()).isEqualTo("RecoveryNeedsWalArchive");
            assertThat(waiting.message()).contains("taken online", "bootstrap.recovery.source");
        }

        @Test
        void aPointInTimeNeedsTheArchiveEvenFromAColdSnapshot() {
            snapshot("snap", true, null, Map.of());
            Cluster cluster = cluster("""
                    bootstrap:
                      recovery:
                        recoveryTarget: {targetLSN: "0/3000000"}
                        volumeSnapshots:
                          storage: {name: snap, kind: VolumeSnapshot, apiGroup: snapshot.storage.k8s.io}
                    """);

            assertThat(waiting(resolve(cluster)).reason()).isEqualTo("RecoveryNeedsWalArchive");
        }

        @Test
        void aMissingOrUnreadySnapshotIsWaitedFor() {
            Cluster cluster = cluster("""
                    bootstrap:
                      recovery:
                        volumeSnapshots:
                          storage: {name: snap, kind: VolumeSnapshot, apiGroup: snapshot.storage.k8s.io}
                    """);

            assertThat(waiting(resolve(cluster)).reason()).isEqualTo("RecoverySnapshotNotFound");
            snapshot("snap", false, null, Map.of());
            assertThat(waiting(resolve(cluster)).reason()).isEqualTo("RecoverySnapshotNotReady");
        }

        @Test
        void whatCloudNativePgsWebhookRefusesWaitsWithItsMessage() {
            snapshot("snap", true, null, Map.of());
            snapshot("wal", true, null, Map.of());
            assertThat(waiting(resolve(cluster("""
                    bootstrap:
                      recovery:
                        volumeSnapshots:
                          storage: {name: snap, kind: VolumeSnapshot, apiGroup: snapshot.storage.k8s.io}
                          walStorage: {name: wal, kind: VolumeSnapshot, apiGroup: snapshot.storage.k8s.io}
                    """))).message())
                    .isEqualTo(
                            "A WAL storage configuration is required when recovering using a " + "DataSource for WALs");
            assertThat(waiting(resolve(cluster("""
                    bootstrap:
                      recovery:
                        volumeSnapshots:
                          storage: {name: snap, kind: Pod}
                    """))).message())
                    .contains("Only VolumeSnapshots and PersistentVolumeClaims are supported");
            assertThat(waiting(resolve(cluster("""
                    bootstrap:
                      recovery:
                        volumeSnapshots:
                          storage: {name: snap, kind: VolumeSnapshot, apiGroup: snapshot.storage.k8s.io}
                          tablespaceStorage: {t1: {name: snap, kind: VolumeSnapshot,
                                                   apiGroup: snapshot.storage.k8s.io}}
                    """))).reason()).isEqualTo("RecoveryMethodNotSupported");
        }

        @Test
        void aCompletedVolumeSnapshotBackupRecoversFromItsSnapshots() {
            snapshot("nightly", true, null, Map.of("cnpg.io/onlineBackup", "false"));
            snapshot("nightly-wal", true, null, Map.of());
            Backup backup = Serialization.unmarshal("""
                    apiVersion: postgresql.cnpg.io/v1
                    kind: Backup
                    metadata: {name: nightly, namespace: db}
                    spec: {cluster: {name: origin}, method: volumeSnapshot}
                    status:
                      phase: completed
                      method: volumeSnapshot
                      online: false
                      snapshotBackupStatus:
                        elements:
                          - {name: nightly, type: PG_DATA}
                          - {name: nightly-wal, type: PG_WAL}
                    """, Backup.class);
            Cluster cluster = cluster("""
                    walStorage: {size: 1Gi}
                    bootstrap: {recovery: {backup: {name: nightly}}}
                    """);

            RecoverySource.Resolved resolved = (RecoverySource.Resolved) RecoverySource.resolve(
                    cluster, name -> name.equals("nightly") ? backup : null, snapshots::get, "restored-1");

            assertThat(resolved.claims().data().reference().name()).isEqualTo("nightly");
            assertThat(resolved.claims().wal().reference().name()).isEqualTo("nightly-wal");
            assertThat(resolved.recovery().barmanObjectStore()).isNull();
            assertThat(resolved.recovery().volumeSnapshot().online()).isFalse();
        }

        @Test
        void aSnapshotRecoveryStillRefusesToWriteIntoItsSourcesArchive() {
            snapshot("snap", true, null, hot());
            Cluster cluster = cluster("""
                    bootstrap:
                      recovery:
                        source: origin
                        volumeSnapshots:
                          storage: {name: snap, kind: VolumeSnapshot, apiGroup: snapshot.storage.k8s.io}
                    backup:
                      barmanObjectStore:
                        destinationPath: s3://backups/
                        serverName: source
                        s3Credentials: {inheritFromIAMRole: true}
                    """ + ORIGIN);

            assertThat(waiting(resolve(cluster)).reason()).isEqualTo("RecoveryArchiveCollision");
        }
    }

    private static Cluster cluster(String spec) {
        return Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: restored, namespace: db, uid: u1, generation: 1}
                spec:
                  instances: 2
                %s""".formatted(spec.indent(2)), Cluster.class);
    }

    private static InstanceConfig.Recovery resolved(RecoverySource.Resolution resolution) {
        assertThat(resolution).isInstanceOf(RecoverySource.Resolved.class);
        return ((RecoverySource.Resolved) resolution).recovery();
    }

    private static RecoverySource.Waiting waiting(RecoverySource.Resolution resolution) {
        assertThat(resolution).isInstanceOf(RecoverySource.Waiting.class);
        return (RecoverySource.Waiting) resolution;
    }
}
