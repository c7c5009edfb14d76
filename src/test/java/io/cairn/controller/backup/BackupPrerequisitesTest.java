package io.cairn.controller.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.Cluster;
import io.cairn.controller.backup.BackupPrerequisites.Refusal;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each method needs from the Cluster, in CloudNativePG's order, with its reasons and messages. */
class BackupPrerequisitesTest {

    private static final String BARMAN = "backup: {barmanObjectStore: {destinationPath: 's3://b/p'}}";
    private static final String SNAPSHOT = "backup: {volumeSnapshot: {className: csi}}";
    private static final String BOTH =
            "backup: {barmanObjectStore: {destinationPath: 's3://b/p'}, " + "volumeSnapshot: {className: csi}}";
    private static final String PLUGINS = "plugins: [{name: barman-cloud.cloudnative-pg.io}]";

    @ParameterizedTest(name = "{0} on a cluster with ''{1}'' (hibernated={2}, VolumeSnapshot CRD={3}) -> {4}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "barmanObjectStore | " + BARMAN + "  | false | false | -",
                "barmanObjectStore | " + BARMAN + "  | true  | true  | ClusterIsHibernated",
                "volumeSnapshot    | " + BOTH + "    | true  | true  | ClusterIsHibernated",
                "plugin            | " + PLUGINS + " | true  | false | ClusterIsHibernated",
                "barmanObjectStore | -               | false | true  | ClusterHasBackupConfigured",
                "volumeSnapshot    | -               | false | true  | ClusterHasBackupConfigured",
                "barmanObjectStore | " + SNAPSHOT + "| false | true  | ClusterHasNoBarmanSection",
                "volumeSnapshot    | " + BARMAN + "  | false | true  | ClusterHasNoVolumeSnapshotSection",
                "volumeSnapshot    | " + SNAPSHOT + "| false | false | ClusterHasNoVolumeSnapshotCRD",
                "volumeSnapshot    | " + BARMAN + "  | false | false | ClusterHasNoVolumeSnapshotCRD",
                "volumeSnapshot    | " + SNAPSHOT + "| false | true  | -",
                "plugin            | " + BARMAN + "  | false | false | ClusterHasNoBackupExecutorPlugin",
                "plugin            | -               | false | false | ClusterHasNoBackupExecutorPlugin",
                "plugin            | " + PLUGINS + " | false | false | -",
            })
    void prerequisites(String method, String spec, boolean hibernated, boolean crd, String expectedReason) {
        Optional<Refusal> refusal = BackupPrerequisites.check(method(method), cluster(spec, hibernated), crd);

        assertThat(refusal.map(Refusal::reason).orElse(null)).isEqualTo(expectedReason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "ClusterIsHibernated               | cannot backup a hibernated cluster",
                "ClusterHasNoBackupExecutorPlugin  | cannot proceed with the backup as the cluster has no plugin configured",
                "ClusterHasBackupConfigured        | cannot proceed with the backup as the cluster has no backup section",
                "ClusterHasNoVolumeSnapshotCRD     | cannot proceed with the backup as the Kubernetes cluster has no "
                        + "VolumeSnapshot support",
                "ClusterHasNoVolumeSnapshotSection | no volumeSnapshot section defined on the target cluster",
                "ClusterHasNoBarmanSection         | no barmanObjectStore section defined on the target cluster",
            })
    void messagesAreCloudNativePgs(String reason, String message) {
        Refusal refusal = switch (reason) {
            case "ClusterIsHibernated" -> check("barmanObjectStore", BARMAN, true, true);
            case "ClusterHasNoBackupExecutorPlugin" -> check("plugin", BARMAN, false, true);
            case "ClusterHasBackupConfigured" -> check("barmanObjectStore", null, false, true);
            case "ClusterHasNoVolumeSnapshotCRD" -> check("volumeSnapshot", SNAPSHOT, false, false);
            case "ClusterHasNoVolumeSnapshotSection" -> check("volumeSnapshot", BARMAN, false, true);
            default -> check("barmanObjectStore", SNAPSHOT, false, true);
        };

        assertThat(refusal).isEqualTo(new Refusal(reason, message));
    }

    @Test
    void hibernationMustBeOn() {
        Cluster cluster = cluster(BARMAN, false);
        cluster.getMetadata().setAnnotations(Map.of("cnpg.io/hibernation", "off"));

        assertThat(BackupPrerequisites.check(BackupMethod.BARMAN_OBJECT_STORE, cluster, false))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0} on a cluster with ''{1}'' where pods have no cloud identity -> {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "barmanObjectStore | " + BARMAN + " | -",
                "barmanObjectStore | backup: {barmanObjectStore: {destinationPath: 's3://b/p', s3Credentials: "
                        + "{inheritFromIAMRole: true}}} | AmbientIdentityUnavailable",
                "barmanObjectStore | backup: {barmanObjectStore: {destinationPath: 'gs://b/p', googleCredentials: "
                        + "{gkeEnvironment: true}}} | AmbientIdentityUnavailable",
                "volumeSnapshot    | backup: {barmanObjectStore: {destinationPath: 's3://b/p', s3Credentials: "
                        + "{inheritFromIAMRole: true}}, volumeSnapshot: {className: csi}} | -",
            })
    void anObjectStoreThatAsksForTheNodesCloudIdentityIsRefusedWhereThereIsNone(
            String method, String spec, String expectedReason) {
        Optional<Refusal> refusal = BackupPrerequisites.withoutAmbientIdentities(method(method), cluster(spec, false));

        assertThat(refusal.map(Refusal::reason).orElse(null)).isEqualTo(expectedReason);
        refusal.ifPresent(r -> assertThat(r.message())
                .contains("cairn.backup.ambient-identities=false")
                .contains("give the object store's credentials in Secrets"));
    }

    private static Refusal check(String method, String spec, boolean hibernated, boolean crd) {
        return BackupPrerequisites.check(method(method), cluster(spec, hibernated), crd)
                .orElseThrow();
    }

    private static BackupMethod method(String value) {
        return Serialization.unmarshal("\"" + value + "\"", BackupMethod.class);
    }

    static Cluster cluster(String spec, boolean hibernated) {
        return Serialization.unmarshal(
                """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg, namespace: ns%s}
                spec: {instances: 1%s}
                """.formatted(
                                hibernated ? ", annotations: {cnpg.io/hibernation: 'on'}" : "",
                                spec == null ? "" : ", " + spec),
                Cluster.class);
    }
}
