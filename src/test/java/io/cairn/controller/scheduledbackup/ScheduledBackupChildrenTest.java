package io.cairn.controller.scheduledbackup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.OnlineConfiguration;
import io.cairn.api.v1.ScheduledBackup;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Backup a ScheduledBackup creates for a slot (CloudNativePG's CreateBackup), and which changes of its Backups a
 * schedule is woken for.
 */
class ScheduledBackupChildrenTest {

    @Test
    void aVolumeSnapshotScheduleHandsItsMethodOnlineSettingsAndDeadlineToItsBackups() {
        ScheduledBackup scheduled = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata:
                  name: nightly
                  namespace: ns
                  annotations: {cnpg.io/volumeSnapshotDeadline: "30", team: db}
                spec:
                  schedule: "0 0 0 * * *"
                  cluster: {name: pg}
                  method: volumeSnapshot
                  online: false
                  onlineConfiguration: {immediateCheckpoint: true, waitForArchive: false}
                """, ScheduledBackup.class);

        Backup backup =
                ScheduledBackupChildren.desiredBackup(scheduled, Instant.parse("2026-11-25T00:00:00Z"), false, null);

        assertThat(backup.getMetadata().getName()).isEqualTo("nightly-20261125000000");
        assertThat(backup.getSpec().method()).isEqualTo(BackupMethod.VOLUME_SNAPSHOT);
        assertThat(backup.getSpec().online()).isFalse();
        assertThat(backup.getSpec().onlineConfiguration()).isEqualTo(new OnlineConfiguration(false, true));
        assertThat(backup.getMetadata().getAnnotations())
                .as("only the deadline is inherited")
                .isEqualTo(Map.of("cnpg.io/volumeSnapshotDeadline", "30"));
        assertThat(backup.getMetadata().getLabels())
                .containsEntry("cnpg.io/scheduled-backup", "nightly")
                .containsEntry("cnpg.io/cluster", "pg")
                .containsEntry("cnpg.io/immediateBackup", "false");
    }

    @Test
    void aScheduleIsWokenWhenAChildFinishes() {
        assertThat(ScheduledBackupChildren.finishedOrRestarted(backup("completed"), backup("running")))
                .isTrue();
        assertThat(ScheduledBackupChildren.finishedOrRestarted(backup("failed"), backup(null)))
                .isTrue();
    }

    @Test
    void andWhenAFinishedChildIsMadeUnfinishedAgain() {
        assertThat(ScheduledBackupChildren.finishedOrRestarted(backup("pending"), backup("failed")))
                .isTrue();
    }

    @Test
    void notForTheStepsOfARunningChild() {
        assertThat(ScheduledBackupChildren.finishedOrRestarted(backup("pending"), backup(null)))
                .isFalse();
        assertThat(ScheduledBackupChildren.finishedOrRestarted(backup("running"), backup("started")))
                .isFalse();
        assertThat(ScheduledBackupChildren.finishedOrRestarted(backup("completed"), backup("completed")))
                .isFalse();
    }

    @Test
    void theUnfinishedChildrenAreThoseNeitherCompletedNorFailed() {
        List<Backup> unfinished = ScheduledBackupChildren.unfinished(List.of(
                backup(null), backup("running"), backup("completed"), backup("failed"), backup("walArchivingFailing")));

        assertThat(unfinished)
                .extracting(b ->
                        b.getStatus() == null ? null : b.getStatus().phase().value())
                .containsExactly(null, "running", "walArchivingFailing");
    }

    private static Backup backup(String phase) {
        return Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: nightly-20261207000000}
                spec: {cluster: {name: pg}}
                """ + (phase == null ? "" : "status: {phase: " + phase + "}\n"), Backup.class);
    }
}
