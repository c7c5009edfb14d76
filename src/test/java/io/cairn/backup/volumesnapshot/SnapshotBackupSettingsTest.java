package io.cairn.backup.volumesnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.Cluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Cluster's volumeSnapshot configuration with the Backup's overrides (CloudNativePG 1.1, 1.4). */
class SnapshotBackupSettingsTest {

    @ParameterizedTest(name = "backup online={0}, cluster online={1} -> {2}")
    @CsvSource(
            nullValues = "-",
            value = {
                "-,     -,     true",
                "-,     false, false",
                "true,  false, true",
                "false, true,  false",
            })
    void theBackupsOnlineWinsOverTheClustersWhichDefaultsToHot(Boolean backup, Boolean cluster, boolean online) {
        SnapshotBackupSettings settings = SnapshotBackupSettings.of(
                backup("spec: {cluster: {name: pg}, method: volumeSnapshot"
                        + (backup == null ? "" : ", online: " + backup) + "}\n"),
                VolumeSnapshotExecutorTest.cluster(cluster == null ? "" : "    online: " + cluster + "\n"));

        assertThat(settings.online()).isEqualTo(online);
    }

    @Test
    void theBackupsOnlineConfigurationReplacesTheClustersAsAWhole() {
        Cluster cluster = VolumeSnapshotExecutorTest.cluster(
                "    onlineConfiguration: {immediateCheckpoint: true, waitForArchive: false}\n");

        SnapshotBackupSettings clusters = SnapshotBackupSettings.of(VolumeSnapshotExecutorTest.backup(""), cluster);
        SnapshotBackupSettings backups = SnapshotBackupSettings.of(
                backup("spec: {cluster: {name: pg}, method: volumeSnapshot, onlineConfiguration: {}}\n"), cluster);

        assertThat(clusters.immediateCheckpoint()).isTrue();
        assertThat(clusters.waitForArchive()).isFalse();
        assertThat(backups.immediateCheckpoint()).as("unset: false").isFalse();
        assertThat(backups.waitForArchive()).as("unset: true").isTrue();
    }

    @Test
    void eachRoleFallsBackToTheDataClass() {
        SnapshotBackupSettings settings = SnapshotBackupSettings.of(
                VolumeSnapshotExecutorTest.backup(""),
                VolumeSnapshotExecutorTest.cluster("    tablespaceClassName: {archive: cold-class}\n"));

        assertThat(settings.classFor(SnapshotRole.PG_DATA, null)).isEqualTo("csi-hostpath-snapclass");
        assertThat(settings.classFor(SnapshotRole.PG_WAL, null)).isEqualTo("csi-hostpath-snapclass");
        assertThat(settings.classFor(SnapshotRole.PG_TABLESPACE, "archive")).isEqualTo("cold-class");
        assertThat(settings.classFor(SnapshotRole.PG_TABLESPACE, "other")).isEqualTo("csi-hostpath-snapclass");
    }

    @ParameterizedTest(name = "{0} -> {1} minutes")
    @CsvSource(
            nullValues = "-",
            value = {"-, 10", "'30', 30", "' 5 ', 5", "soon, 10"})
    void theDeadlineIsTheAnnotationsMinutesElseTen(String annotation, long minutes) {
        Backup backup = VolumeSnapshotExecutorTest.backup(
                annotation == null ? "" : "  annotations: {cnpg.io/volumeSnapshotDeadline: '" + annotation + "'}\n");

        assertThat(SnapshotBackupSettings.deadline(backup)).isEqualTo(Duration.ofMinutes(minutes));
    }

    private static Backup backup(String spec) {
        return io.fabric8.kubernetes.client.utils.Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: b, namespace: ns, uid: u1}
                """ + spec, Backup.class);
    }
}
