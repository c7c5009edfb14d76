package io.cairn.controller.scheduledbackup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which changes of its Backups a schedule is woken for, and which of them still run. */
class ScheduledBackupChildrenTest {

    @Test
    void aScheduleIsWokenWhenAChildFinishes() {
        assertThat(ScheduledBackupChildren.finishedOrRestarted(backup("completed"), backup("running"))).isTrue();
        assertThat(ScheduledBackupChildren.finishedOrRestarted(backup("failed"), backup(null))).isTrue();
    }

    @Test
    void andWhenAFinishedChildIsMadeUnfinishedAgain() {
        assertThat(ScheduledBackupChildren.finishedOrRestarted(backup("pending"), backup("failed"))).isTrue();
    }

    @Test
    void notForTheStepsOfARunningChild() {
        assertThat(ScheduledBackupChildren.finishedOrRestarted(backup("pending"), backup(null))).isFalse();
        assertThat(ScheduledBackupChildren.finishedOrRestarted(backup("running"), backup("started"))).isFalse();
        assertThat(ScheduledBackupChildren.finishedOrRestarted(backup("completed"), backup("completed"))).isFalse();
    }

    @Test
    void theUnfinishedChildrenAreThoseNeitherCompletedNorFailed() {
        List<Backup> unfinished = ScheduledBackupChildren.unfinished(List.of(backup(null), backup("running"),
                backup("completed"), backup("failed"), backup("walArchivingFailing")));

        assertThat(unfinished).extracting(b -> b.getStatus() == null ? null : b.getStatus().phase().value())
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
