package io.cairn.api.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.testing.SharedControlPlane;
import io.cairn.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid manifests are refused by the API server itself (schema, enums, patterns, CEL rules, strict field
 * validation), each with the offending field path in the error, so no webhook is needed to keep bad input out.
 */
class InvalidManifestsRefusedIT {

    private static KubernetesClient client;
    private static TestNamespace namespace;

    @BeforeAll
    static void startControlPlane() {
        client = SharedControlPlane.newClient();
        namespace = TestNamespace.create(client, "invalid-manifests");
    }

    @AfterAll
    static void cleanUp() {
        namespace.close();
        client.close();
    }

    static Stream<Arguments> invalidManifests() {
        return Stream.of(
                // Backup
                refused("Backup without spec", "Backup", null, "spec", "Required value"),
                refused(
                        "Backup without cluster",
                        "Backup",
                        "method: barmanObjectStore",
                        "spec.cluster",
                        "Required value"),
                refused("Backup cluster without name", "Backup", "cluster: {}", "spec.cluster.name", "Required value"),
                refused(
                        "Backup cluster name not a string",
                        "Backup",
                        "cluster: {name: 5}",
                        "spec.cluster.name",
                        "must be of type string"),
                refused(
                        "Backup with an unknown method",
                        "Backup",
                        "cluster: {name: pg}\nmethod: tape",
                        "spec.method",
                        "Unsupported value: \"tape\""),
                refused(
                        "Backup with an unknown target",
                        "Backup",
                        "cluster: {name: pg}\ntarget: replica",
                        "spec.target",
                        "Unsupported value: \"replica\""),
                refused(
                        "Backup deadline in days",
                        "Backup",
                        "cluster: {name: pg}\ndeadline: 2d",
                        "spec.deadline",
                        "deadline must be a duration in hours, minutes and seconds greater than zero"),
                refused(
                        "Backup deadline of zero",
                        "Backup",
                        "cluster: {name: pg}\ndeadline: 0h0m",
                        "spec.deadline",
                        "deadline must be a duration in hours, minutes and seconds greater than zero"),
                refused(
                        "Backup deadline with minutes before hours",
                        "Backup",
                        "cluster: {name: pg}\ndeadline: 30m1h",
                        "spec.deadline",
                        "deadline must be a duration in hours, minutes and seconds greater than zero"),
                refused(
                        "Backup deadline not a string",
                        "Backup",
                        "cluster: {name: pg}\ndeadline: 90",
                        "spec.deadline",
                        "must be of type string"),
                refused(
                        "Backup online not a boolean",
                        "Backup",
                        "cluster: {name: pg}\nmethod: volumeSnapshot\nonline: \"yes\"",
                        "spec.online",
                        "must be of type boolean"),
                refused(
                        "Backup online with barmanObjectStore",
                        "Backup",
                        "cluster: {name: pg}\nonline: true",
                        "spec.online",
                        "can be specified only if the backup method is volumeSnapshot"),
                refused(
                        "Backup onlineConfiguration with barmanObjectStore",
                        "Backup",
                        "cluster: {name: pg}\nonlineConfiguration: {waitForArchive: false}",
                        "spec.onlineConfiguration",
                        "can be specified only if the backup method is volumeSnapshot"),
                refused(
                        "Backup waitForArchive not a boolean",
                        "Backup",
                        "cluster: {name: pg}\nmethod: volumeSnapshot\nonlineConfiguration: {waitForArchive: \"no\"}",
                        "spec.onlineConfiguration.waitForArchive",
                        "must be of type boolean"),
                refused(
                        "Backup method plugin without pluginConfiguration",
                        "Backup",
                        "cluster: {name: pg}\nmethod: plugin",
                        "spec.pluginConfiguration",
                        "cannot be empty when the backup method is plugin"),
                refused(
                        "Backup pluginConfiguration without name",
                        "Backup",
                        "cluster: {name: pg}\nmethod: plugin\npluginConfiguration: {parameters: {a: b}}",
                        "spec.pluginConfiguration.name",
                        "Required value"),
                refused(
                        "Backup plugin parameter not a string",
                        "Backup",
                        "cluster: {name: pg}\nmethod: plugin\npluginConfiguration: {name: p, parameters: {jobs: 2}}",
                        "spec.pluginConfiguration.parameters.jobs",
                        "must be of type string"),
                refused(
                        "Backup with an unknown field",
                        "Backup",
                        "cluster: {name: pg}\nfrequency: daily",
                        "spec.frequency",
                        "unknown field"),

                // ScheduledBackup
                refused("ScheduledBackup without spec", "ScheduledBackup", null, "spec", "Required value"),
                refused(
                        "ScheduledBackup without schedule",
                        "ScheduledBackup",
                        "cluster: {name: pg}",
                        "spec.schedule",
                        "Required value"),
                refused(
                        "ScheduledBackup without cluster",
                        "ScheduledBackup",
                        "schedule: '0 0 0 * * *'",
                        "spec.cluster",
                        "Required value"),
                refused(
                        "ScheduledBackup schedule not a string",
                        "ScheduledBackup",
                        "cluster: {name: pg}\nschedule: 5",
                        "spec.schedule",
                        "must be of type string"),
                refused(
                        "ScheduledBackup with an unknown owner",
                        "ScheduledBackup",
                        "cluster: {name: pg}\nschedule: '@daily'\nbackupOwnerReference: parent",
                        "spec.backupOwnerReference",
                        "Unsupported value: \"parent\""),
                refused(
                        "ScheduledBackup with an unknown method",
                        "ScheduledBackup",
                        "cluster: {name: pg}\nschedule: '@daily'\nmethod: pg_dump",
                        "spec.method",
                        "Unsupported value: \"pg_dump\""),
                refused(
                        "ScheduledBackup with an unknown target",
                        "ScheduledBackup",
                        "cluster: {name: pg}\nschedule: '@daily'\ntarget: standby",
                        "spec.target",
                        "Unsupported value: \"standby\""),
                refused(
                        "ScheduledBackup suspend not a boolean",
                        "ScheduledBackup",
                        "cluster: {name: pg}\nschedule: '@daily'\nsuspend: \"true\"",
                        "spec.suspend",
                        "must be of type boolean"),
                refused(
                        "ScheduledBackup immediate not a boolean",
                        "ScheduledBackup",
                        "cluster: {name: pg}\nschedule: '@daily'\nimmediate: 1",
                        "spec.immediate",
                        "must be of type boolean"),
                refused(
                        "ScheduledBackup online with barmanObjectStore",
                        "ScheduledBackup",
                        "cluster: {name: pg}\nschedule: '@daily'\nonline: false",
                        "spec.online",
                        "can be specified only if the backup method is volumeSnapshot"),
                refused(
                        "ScheduledBackup spreadWindow in days",
                        "ScheduledBackup",
                        "cluster: {name: pg}\nschedule: '@daily'\nspreadWindow: 1d",
                        "spec.spreadWindow",
                        "should match '^([0-9]+h)?([0-9]+m)?([0-9]+s)?$'"),
                refused(
                        "ScheduledBackup spreadWindow over a day",
                        "ScheduledBackup",
                        "cluster: {name: pg}\nschedule: '@daily'\nspreadWindow: 24h1s",
                        "spec.spreadWindow",
                        "spreadWindow must be from 1s to 24h, e.g. '30m' or '1h30m'"),
                refused(
                        "ScheduledBackup spreadWindow of zero",
                        "ScheduledBackup",
                        "cluster: {name: pg}\nschedule: '@daily'\nspreadWindow: 0s",
                        "spec.spreadWindow",
                        "spreadWindow must be from 1s to 24h, e.g. '30m' or '1h30m'"),
                refused(
                        "ScheduledBackup with an unknown catchUp",
                        "ScheduledBackup",
                        "cluster: {name: pg}\nschedule: '@daily'\ncatchUp: always",
                        "spec.catchUp",
                        "Unsupported value: \"always\""),
                refused(
                        "ScheduledBackup with an unknown field",
                        "ScheduledBackup",
                        "cluster: {name: pg}\nschedule: '@daily'\nretention: 7d",
                        "spec.retention",
                        "unknown field"),

                // Cluster: instances and storage
                refused("Cluster without spec", "Cluster", null, "spec", "Required value"),
                refused(
                        "Cluster with zero instances",
                        "Cluster",
                        "instances: 0",
                        "spec.instances",
                        "should be greater than or equal to 1"),
                refused(
                        "Cluster instances not a number",
                        "Cluster",
                        "instances: three",
                        "spec.instances",
                        "must be of type integer"),
                refused(
                        "Cluster storage size not a string",
                        "Cluster",
                        "instances: 1\nstorage: {size: 5}",
                        "spec.storage.size",
                        "must be of type string"),
                refused(
                        "Cluster walStorage resizeInUseVolumes not a boolean",
                        "Cluster",
                        "instances: 1\nwalStorage: {size: 1Gi, resizeInUseVolumes: \"no\"}",
                        "spec.walStorage.resizeInUseVolumes",
                        "must be of type boolean"),
                refused(
                        "Cluster env entry without a name",
                        "Cluster",
                        "instances: 1\nenv: [{value: http://10.244.0.1:4443}]",
                        "spec.env[0].name",
                        "Required value"),
                refused(
                        "Cluster PostgreSQL parameter not a string",
                        "Cluster",
                        "instances: 1\npostgresql: {parameters: {max_connections: 100}}",
                        "spec.postgresql.parameters.max_connections",
                        "must be of type string"),

                // Cluster: backup section
                refused(
                        "Cluster backup deadline in words",
                        "Cluster",
                        "backup: {deadline: 1 hour}",
                        "spec.backup.deadline",
                        "deadline must be a duration in hours, minutes and seconds greater than zero"),
                refused(
                        "Cluster retentionPolicy in words",
                        "Cluster",
                        "backup: {retentionPolicy: 30 days}",
                        "spec.backup.retentionPolicy",
                        "should match"),
                refused(
                        "Cluster retentionPolicy of zero days",
                        "Cluster",
                        "backup: {retentionPolicy: 0d}",
                        "spec.backup.retentionPolicy",
                        "should match"),
                refused(
                        "Cluster retentionPolicy in hours",
                        "Cluster",
                        "backup: {retentionPolicy: 12h}",
                        "spec.backup.retentionPolicy",
                        "should match"),
                refused(
                        "Cluster backup target unknown",
                        "Cluster",
                        "backup: {target: standby}",
                        "spec.backup.target",
                        "Unsupported value: \"standby\""),
                refused(
                        "Cluster barmanObjectStore without destinationPath",
                        "Cluster",
                        "backup: {barmanObjectStore: {s3Credentials: {inheritFromIAMRole: true}}}",
                        "spec.backup.barmanObjectStore.destinationPath",
                        "Required value"),
                refused(
                        "Cluster barmanObjectStore with an empty destinationPath",
                        "Cluster",
                        "backup: {barmanObjectStore: {destinationPath: '', s3Credentials: {inheritFromIAMRole: true}}}",
                        "spec.backup.barmanObjectStore.destinationPath",
                        "at least 1 chars long"),
                refused(
                        "Cluster barmanObjectStore without credentials",
                        "Cluster",
                        "backup: {barmanObjectStore: {destinationPath: 's3://b/'}}",
                        "spec.backup.barmanObjectStore",
                        "One and only one of azureCredentials, s3Credentials and " + "googleCredentials are required"),
                refused(
                        "Cluster barmanObjectStore with two kinds of credentials",
                        "Cluster",
                        "backup: {barmanObjectStore: {destinationPath: 's3://b/', "
                                + "s3Credentials: {inheritFromIAMRole: true}, googleCredentials: {gkeEnvironment: true}}}",
                        "spec.backup.barmanObjectStore",
                        "One and only one of"),
                refused(
                        "Cluster S3 access key without secret key",
                        "Cluster",
                        "backup: {barmanObjectStore: {destinationPath: 's3://b/', "
                                + "s3Credentials: {accessKeyId: {name: s, key: id}}}}",
                        "spec.backup.barmanObjectStore.s3Credentials",
                        "both accessKeyId and secretAccessKey"),
                refused(
                        "Cluster S3 keys and IAM role together",
                        "Cluster",
                        "backup: {barmanObjectStore: {destinationPath: 's3://b/', s3Credentials: "
                                + "{accessKeyId: {name: s, key: id}, secretAccessKey: {name: s, key: k}, "
                                + "inheritFromIAMRole: true}}}",
                        "spec.backup.barmanObjectStore.s3Credentials",
                        "only one AWS authentication method"),
                refused(
                        "Cluster S3 credentials with neither keys nor IAM role",
                        "Cluster",
                        "backup: {barmanObjectStore: {destinationPath: 's3://b/', s3Credentials: {}}}",
                        "spec.backup.barmanObjectStore.s3Credentials",
                        "at least one AWS authentication method"),
                refused(
                        "Cluster secret selector without key",
                        "Cluster",
                        "backup: {barmanObjectStore: {destinationPath: 's3://b/', s3Credentials: "
                                + "{accessKeyId: {name: s}, secretAccessKey: {name: s, key: k}}}}",
                        "spec.backup.barmanObjectStore.s3Credentials.accessKeyId.key",
                        "Required value"),
                refused(
                        "Cluster WAL compression unknown",
                        "Cluster",
                        "backup: {barmanObjectStore: "
                                + "{destinationPath: 's3://b/', s3Credentials: {inheritFromIAMRole: true}, "
                                + "wal: {compression: brotli}}}",
                        "spec.backup.barmanObjectStore.wal.compression",
                        "Unsupported value: \"brotli\""),
                refused(
                        "Cluster data compression xz (WAL only)",
                        "Cluster",
                        "backup: {barmanObjectStore: "
                                + "{destinationPath: 's3://b/', s3Credentials: {inheritFromIAMRole: true}, "
                                + "data: {compression: xz}}}",
                        "spec.backup.barmanObjectStore.data.compression",
                        "Unsupported value: \"xz\""),
                refused(
                        "Cluster WAL encryption unknown",
                        "Cluster",
                        "backup: {barmanObjectStore: "
                                + "{destinationPath: 's3://b/', s3Credentials: {inheritFromIAMRole: true}, "
                                + "wal: {encryption: aes}}}",
                        "spec.backup.barmanObjectStore.wal.encryption",
                        "Unsupported value: \"aes\""),
                refused(
                        "Cluster WAL maxParallel zero",
                        "Cluster",
                        "backup: {barmanObjectStore: "
                                + "{destinationPath: 's3://b/', s3Credentials: {inheritFromIAMRole: true}, "
                                + "wal: {maxParallel: 0}}}",
                        "spec.backup.barmanObjectStore.wal.maxParallel",
                        "should be greater than or equal to 1"),
                refused(
                        "Cluster data jobs zero",
                        "Cluster",
                        "backup: {barmanObjectStore: "
                                + "{destinationPath: 's3://b/', s3Credentials: {inheritFromIAMRole: true}, "
                                + "data: {jobs: 0}}}",
                        "spec.backup.barmanObjectStore.data.jobs",
                        "should be greater than or equal to 1"),
                refused(
                        "Cluster snapshotOwnerReference unknown",
                        "Cluster",
                        "backup: {volumeSnapshot: {snapshotOwnerReference: pod}}",
                        "spec.backup.volumeSnapshot.snapshotOwnerReference",
                        "Unsupported value: \"pod\""),
                refused(
                        "Cluster volumeSnapshot online not a boolean",
                        "Cluster",
                        "backup: {volumeSnapshot: {online: \"yes\"}}",
                        "spec.backup.volumeSnapshot.online",
                        "must be of type boolean"),

                // Cluster: bootstrap and recovery
                refused(
                        "Cluster with two bootstrap methods",
                        "Cluster",
                        "bootstrap: {initdb: {database: app}, recovery: {source: origin}}",
                        "spec.bootstrap",
                        "Only one bootstrap method can be specified at a time"),
                refused(
                        "Cluster recovery from a Backup and a source",
                        "Cluster",
                        "bootstrap: {recovery: {backup: {name: b}, source: origin}}",
                        "spec.bootstrap.recovery",
                        "cannot be combined with source or volumeSnapshots"),
                refused(
                        "Cluster recovery from snapshots with a backupID",
                        "Cluster",
                        "bootstrap: {recovery: {volumeSnapshots: {storage: {name: s, kind: VolumeSnapshot, "
                                + "apiGroup: snapshot.storage.k8s.io}}, recoveryTarget: {backupID: x}}}",
                        "spec.bootstrap.recovery",
                        "Cannot specify a backupID when recovering using a DataSource"),
                refused(
                        "Cluster recovery from a Pod",
                        "Cluster",
                        "bootstrap: {recovery: {volumeSnapshots: {storage: {name: s, kind: Pod}}}}",
                        "spec.bootstrap.recovery.volumeSnapshots.storage",
                        "Only VolumeSnapshots and PersistentVolumeClaims are supported"),
                refused(
                        "Cluster recovery from a WAL snapshot of another group",
                        "Cluster",
                        "bootstrap: {recovery: {volumeSnapshots: {storage: {name: s, kind: VolumeSnapshot, "
                                + "apiGroup: snapshot.storage.k8s.io}, walStorage: {name: w, "
                                + "kind: VolumeSnapshot, apiGroup: example.com}}}}",
                        "spec.bootstrap.recovery.volumeSnapshots.walStorage",
                        "Only VolumeSnapshots and PersistentVolumeClaims are supported"),
                refused(
                        "Cluster recovery Backup without name",
                        "Cluster",
                        "bootstrap: {recovery: {backup: {}}}",
                        "spec.bootstrap.recovery.backup.name",
                        "Required value"),
                refused(
                        "Cluster recovery with two targets",
                        "Cluster",
                        "bootstrap: {recovery: {source: origin, recoveryTarget: "
                                + "{targetTime: '2026-01-01 00:00:00', targetLSN: '0/3000000'}}}",
                        "spec.bootstrap.recovery.recoveryTarget",
                        "Recovery target options are mutually exclusive"),
                refused(
                        "Cluster recovery timeline negative",
                        "Cluster",
                        "bootstrap: {recovery: {source: origin, recoveryTarget: {targetTLI: '-1'}}}",
                        "spec.bootstrap.recovery.recoveryTarget.targetTLI",
                        "should match"),
                refused(
                        "Cluster recovery LSN malformed",
                        "Cluster",
                        "bootstrap: {recovery: {source: origin, recoveryTarget: {targetLSN: zero}}}",
                        "spec.bootstrap.recovery.recoveryTarget.targetLSN",
                        "should match"),
                refused(
                        "Cluster recovery XID not a number",
                        "Cluster",
                        "bootstrap: {recovery: {source: origin, recoveryTarget: {targetXID: abc}}}",
                        "spec.bootstrap.recovery.recoveryTarget.targetXID",
                        "should match"),
                refused(
                        "Cluster recovery target name of 64 characters",
                        "Cluster",
                        "bootstrap: {recovery: {source: origin, recoveryTarget: {targetName: " + "n".repeat(64) + "}}}",
                        "spec.bootstrap.recovery.recoveryTarget.targetName",
                        "may not be more than 63"),
                refused(
                        "Cluster recovery targetImmediate not a boolean",
                        "Cluster",
                        "bootstrap: {recovery: {source: origin, recoveryTarget: {targetImmediate: \"yes\"}}}",
                        "spec.bootstrap.recovery.recoveryTarget.targetImmediate",
                        "must be of type boolean"),
                refused(
                        "Cluster initdb WAL segment size too large",
                        "Cluster",
                        "bootstrap: {initdb: {walSegmentSize: 2048}}",
                        "spec.bootstrap.initdb.walSegmentSize",
                        "should be less than or equal to 1024"),

                // Cluster: external clusters and plugins
                refused(
                        "Cluster external cluster without name",
                        "Cluster",
                        "externalClusters: [{connectionParameters: {host: h}}]",
                        "spec.externalClusters[0].name",
                        "Required value"),
                refused(
                        "Cluster external cluster without any way to reach it",
                        "Cluster",
                        "externalClusters: [{name: origin}]",
                        "spec.externalClusters[0]",
                        "one of connectionParameters, plugin and barmanObjectStore is required"),
                refused(
                        "Cluster plugin without name",
                        "Cluster",
                        "plugins: [{enabled: true}]",
                        "spec.plugins[0].name",
                        "Required value"),
                refused(
                        "Cluster plugin enabled not a boolean",
                        "Cluster",
                        "plugins: [{name: p, enabled: \"yes\"}]",
                        "spec.plugins[0].enabled",
                        "must be of type boolean"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidManifests")
    void isRefusedWithTheFieldPath(String name, String yaml, String fieldPath, String reason) {
        GenericKubernetesResource manifest = Serialization.unmarshal(yaml, GenericKubernetesResource.class);

        assertThatThrownBy(() -> createStrictly(manifest))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining(fieldPath)
                .hasMessageContaining(reason);
    }

    @Test
    void theTableCoversAtLeastFortyInvalidManifests() {
        assertThat(invalidManifests().count()).isGreaterThanOrEqualTo(40);
    }

    static Stream<Arguments> immutableFields() {
        return Stream.of(
                changed(
                        "Backup cluster",
                        "Backup",
                        "cluster: {name: pg}",
                        spec -> spec.put("cluster", Map.of("name", "other")),
                        "BackupSpec is immutable once set"),
                changed(
                        "Backup method",
                        "Backup",
                        "cluster: {name: pg}",
                        spec -> spec.put("method", "volumeSnapshot"),
                        "BackupSpec is immutable once set"),
                changed(
                        "Backup target",
                        "Backup",
                        "cluster: {name: pg}\ntarget: primary",
                        spec -> spec.put("target", "prefer-standby"),
                        "BackupSpec is immutable once set"),
                changed(
                        "ScheduledBackup cluster",
                        "ScheduledBackup",
                        "cluster: {name: pg}\nschedule: '@daily'",
                        spec -> spec.put("cluster", Map.of("name", "other")),
                        "cluster reference is immutable after creation"));
    }

    @ParameterizedTest(name = "changing the {0} is refused")
    @MethodSource("immutableFields")
    void immutableFieldsCannotChange(String name, String yaml, Consumer<Map<String, Object>> change, String message) {
        GenericKubernetesResource created =
                createStrictly(Serialization.unmarshal(yaml, GenericKubernetesResource.class));
        change.accept(created.get("spec"));

        assertThatThrownBy(() -> patchSpec(created))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("spec")
                .hasMessageContaining(message);
    }

    @Test
    void aScheduledBackupMayChangeItsScheduleAndSuspend() {
        GenericKubernetesResource created = createStrictly(Serialization.unmarshal(
                manifest("ScheduledBackup", "mutable", "cluster: {name: pg}\nschedule: '@daily'"),
                GenericKubernetesResource.class));
        Map<String, Object> spec = created.get("spec");
        spec.put("schedule", "0 0 1 * * *");
        spec.put("suspend", true);

        GenericKubernetesResource updated = patchSpec(created);

        assertThat(updated.<String>get("spec", "schedule")).isEqualTo("0 0 1 * * *");
    }

    @Test
    void aScheduledBackupMaySpreadOverAWindowUpToADayAndSkipMissedSlots() {
        for (String window : List.of("1s", "90s", "1h30m", "24h", "23h59m59s")) {
            GenericKubernetesResource created = createStrictly(Serialization.unmarshal(
                    manifest(
                            "ScheduledBackup",
                            slug("spread " + window),
                            "cluster: {name: pg}\nschedule: '@daily'\nspreadWindow: " + window + "\ncatchUp: none"),
                    GenericKubernetesResource.class));

            assertThat(created.<String>get("spec", "spreadWindow")).isEqualTo(window);
            assertThat(created.<String>get("spec", "catchUp")).isEqualTo("none");
        }
    }

    /** A merge patch of the whole spec: no resourceVersion, so the operator's status writes cannot conflict. */
    private static GenericKubernetesResource patchSpec(GenericKubernetesResource changed) {
        return client.genericKubernetesResources(changed.getApiVersion(), changed.getKind())
                .inNamespace(namespace.name())
                .withName(changed.getMetadata().getName())
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        Serialization.asJson(Map.of("spec", changed.get("spec"))));
    }

    private static GenericKubernetesResource createStrictly(GenericKubernetesResource manifest) {
        return client.genericKubernetesResources(manifest.getApiVersion(), manifest.getKind())
                .inNamespace(namespace.name())
                .resource(manifest)
                .fieldValidation(Validation.STRICT)
                .create();
    }

    private static Arguments refused(String name, String kind, String spec, String fieldPath, String reason) {
        return Arguments.of(name, manifest(kind, slug(name), spec), fieldPath, reason);
    }

    private static Arguments changed(
            String name, String kind, String spec, Consumer<Map<String, Object>> change, String message) {
        return Arguments.of(name, manifest(kind, slug("immutable " + name), spec), change, message);
    }

    private static String manifest(String kind, String name, String spec) {
        String header = "apiVersion: postgresql.cnpg.io/v1\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n";
        if (spec == null) {
            return header;
        }
        return header + "spec:\n" + spec.lines().map(line -> "  " + line + "\n").reduce("", String::concat);
    }

    private static String slug(String name) {
        String slug = name.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.length() > 60 ? slug.substring(0, 60).replaceAll("-$", "") : slug;
    }
}
