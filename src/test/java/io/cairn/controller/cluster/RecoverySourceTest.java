package io.cairn.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.Cluster;
import io.cairn.instance.api.InstanceConfig;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
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
        assertThat(recovery.settings()).containsEntry("recovery_target_time", "2026-11-25 18:00:00.000000+00:00")
                .containsEntry("recovery_target_timeline", "1");
        assertThat(recovery.effectiveDatabase()).isEqualTo("shop");
        assertThat(recovery.effectiveOwner()).isEqualTo("shop");

        Map<String, EnvVar> env = RecoverySource.environment(recovery.barmanObjectStore()).stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env).containsOnlyKeys("CAIRN_RECOVERY_AWS_ACCESS_KEY_ID", "CAIRN_RECOVERY_AWS_SECRET_ACCESS_KEY");
        assertThat(env.get("CAIRN_RECOVERY_AWS_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("source-creds");
    }

    @Test
    void theSourcesEndpointCaIsMountedForTheRestoreCommandsOnly() {
        assertMountedForTheRestoreCommandsOnly("""
                destinationPath: s3://backups/origin
                endpointCA: {name: origin-ca, key: bundle.pem}
                s3Credentials: {inheritFromIAMRole: true}
                """, "origin-ca", "bundle.pem", "CAIRN_RECOVERY_AWS_CA_BUNDLE",
                "/etc/cairn/recovery-endpoint-ca/ca.crt");
    }

    @Test
    void theSourcesGoogleKeyIsMountedForTheRestoreCommandsOnly() {
        assertMountedForTheRestoreCommandsOnly("""
                destinationPath: gs://backups/origin
                googleCredentials:
                  applicationCredentials: {name: origin-key, key: key.json}
                """, "origin-key", "key.json", "CAIRN_RECOVERY_GOOGLE_APPLICATION_CREDENTIALS",
                "/etc/cairn/recovery-google/application_credentials.json");
    }

    /**
     * Recovering from the external cluster whose barmanObjectStore is {@code store}, the first instance's pod gets
     * the key {@code key} of the Secret {@code secret} as the file {@code file}, which {@code variable} names; the
     * desired pod itself is not changed.
     */
    private static void assertMountedForTheRestoreCommandsOnly(String store, String secret, String key,
            String variable, String file) {
        Cluster cluster = cluster("""
                bootstrap: {recovery: {source: origin}}
                externalClusters:
                  - name: origin
                    barmanObjectStore:
                %s""".formatted(store.indent(6)));
        Pod pod = new PodBuilder().withNewSpec().addNewContainer().withName("postgres").endContainer().endSpec()
                .build();

        Pod recovering = RecoverySource.withCredentials(pod,
                resolved(RecoverySource.resolve(cluster, NO_BACKUPS)).barmanObjectStore());

        Path path = Path.of(file);
        assertThat(recovering.getSpec().getVolumes()).singleElement().satisfies(volume -> {
            assertThat(volume.getSecret().getSecretName()).isEqualTo(secret);
            assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
                assertThat(item.getKey()).isEqualTo(key);
                assertThat(item.getPath()).isEqualTo(path.getFileName().toString());
            });
        });
        assertThat(recovering.getSpec().getContainers().get(0).getVolumeMounts()).singleElement()
                .satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo(path.getParent().toString()));
        assertThat(recovering.getSpec().getContainers().get(0).getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo(variable);
            assertThat(env.getValue()).isEqualTo(file);
        });
        assertThat(pod.getSpec().getVolumes()).as("the desired pod itself is not changed").isEmpty();
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
        assertThat(resolved(RecoverySource.resolve(cluster, NO_BACKUPS)).serverName()).isEqualTo("origin-v2");
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
        InstanceConfig.Recovery recovery = resolved(RecoverySource.resolve(cluster,
                name -> name.equals("nightly") ? backup : null));
        assertThat(recovery.backupId()).isEqualTo("20261125T170000");
        assertThat(recovery.serverName()).isEqualTo("origin");
        assertThat(recovery.barmanObjectStore().destinationPath()).isEqualTo("s3://backups/origin");
        assertThat(recovery.barmanObjectStore().endpointURL()).isEqualTo("http://s3:9000");
        assertThat(recovery.barmanObjectStore().s3Credentials().accessKeyId().name()).isEqualTo("source-creds");
        assertThat(recovery.settings()).isEmpty();
    }

    @Test
    void aMissingOrUnfinishedBackupMakesTheClusterWait() {
        Cluster cluster = cluster("bootstrap: {recovery: {backup: {name: nightly}}}");
        assertThat(waiting(RecoverySource.resolve(cluster, NO_BACKUPS)).reason()).isEqualTo("RecoveryBackupNotFound");
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
                .reason()).isEqualTo("RecoverySourceNotFound");
        String source = """
                externalClusters:
                  - name: origin
                    barmanObjectStore:
                      destinationPath: s3://backups/origin
                      s3Credentials: {inheritFromIAMRole: true}
                """;
        assertThat(waiting(RecoverySource.resolve(cluster("""
                bootstrap: {recovery: {source: origin, recoveryTarget: {targetTime: soon}}}
                """ + source), NO_BACKUPS)).reason()).isEqualTo("InvalidRecoveryTarget");
        assertThat(waiting(RecoverySource.resolve(cluster("""
                bootstrap: {recovery: {source: origin}}
                backup:
                  barmanObjectStore:
                    destinationPath: s3://backups/origin/
                    serverName: origin
                    s3Credentials: {inheritFromIAMRole: true}
                """ + source), NO_BACKUPS)).reason()).isEqualTo("RecoveryArchiveCollision");
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
        InstanceConfig primary = InstanceConfigs.withRecovery(InstanceConfigs.instanceConfig(cluster, true),
                recovery);
        assertThat(primary.bootstrap().initdb()).isNull();
        assertThat(primary.bootstrap().recovery()).isEqualTo(recovery);
        assertThat(primary.bootstrap().ownerPasswordFile()).isEqualTo("/etc/cairn/app/password");
        assertThat(InstanceConfigs.instanceConfig(cluster, false).bootstrap().join()).isNotNull();
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
