package io.cairn.controller.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupPhase;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One backup per cluster at a time: the executing one, else the oldest not done. */
class BackupGateTest {

    @Test
    void theOldestPendingGoesFirst() {
        Backup older = backup("b", "2026-11-25T10:00:00Z", "pending");
        Backup newer = backup("a", "2026-11-25T10:00:01Z", "");

        assertThat(waitsFor(newer, older, newer)).contains("b");
        assertThat(waitsFor(older, older, newer)).isEmpty();
    }

    @Test
    void creationTimeTiesAreBrokenByName() {
        Backup a = backup("a", "2026-11-25T10:00:00Z", "");
        Backup b = backup("b", "2026-11-25T10:00:00Z", "");

        assertThat(waitsFor(b, a, b)).contains("a");
        assertThat(waitsFor(a, a, b)).isEmpty();
    }

    @Test
    void anExecutingBackupBlocksEvenOlderPendingOnes() {
        Backup oldPending = backup("old", "2026-11-25T09:00:00Z", "pending");
        Backup running = backup("running", "2026-11-25T10:00:00Z", "running");
        Backup started = backup("started", "2026-11-25T11:00:00Z", "started");

        assertThat(waitsFor(oldPending, oldPending, running)).contains("running");
        assertThat(waitsFor(oldPending, oldPending, started)).contains("started");
    }

    @Test
    void doneBackupsDoNotBlock() {
        Backup completed = backup("completed", "2026-11-25T09:00:00Z", "completed");
        Backup failed = backup("failed", "2026-11-25T09:30:00Z", "failed");
        Backup next = backup("next", "2026-11-25T10:00:00Z", "");

        assertThat(waitsFor(next, completed, failed, next)).isEmpty();
    }

    @Test
    void nonExecutingUnfinishedPhasesCountAsPending() {
        Backup archiving = backup("archiving", "2026-11-25T09:00:00Z", "walArchivingFailing");
        Backup finalizing = backup("finalizing", "2026-11-25T09:00:00Z", "finalizing");
        Backup next = backup("next", "2026-11-25T10:00:00Z", "");

        assertThat(waitsFor(next, archiving, next)).contains("archiving");
        assertThat(waitsFor(next, finalizing, next)).contains("finalizing");
    }

    @Test
    void theBackupCountsEvenWhenTheCacheDoesNotHaveItYet() {
        Backup older = backup("older", "2026-11-25T09:00:00Z", "pending");
        Backup brandNew = backup("new", "2026-11-25T10:00:00Z", "");

        assertThat(waitsFor(brandNew, older)).contains("older");
        assertThat(waitsFor(older)).isEmpty();
    }

    @Test
    void theGateOnlyAppliesBeforeABackupStarts() {
        assertThat(BackupGate.applies(BackupPhase.NEW)).isTrue();
        assertThat(BackupGate.applies(BackupPhase.PENDING)).isTrue();
        for (BackupPhase phase : List.of(
                BackupPhase.STARTED,
                BackupPhase.RUNNING,
                BackupPhase.FINALIZING,
                BackupPhase.WAL_ARCHIVING_FAILING,
                BackupPhase.COMPLETED,
                BackupPhase.FAILED)) {
            assertThat(BackupGate.applies(phase)).as(phase.value()).isFalse();
        }
    }

    private static Optional<String> waitsFor(Backup backup, Backup... sameCluster) {
        return BackupGate.waitsFor(backup, List.of(sameCluster))
                .map(b -> b.getMetadata().getName());
    }

    static Backup backup(String name, String created, String phase) {
        return Serialization.unmarshal(
                """
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: %s, namespace: ns, creationTimestamp: '%s'}
                spec: {cluster: {name: pg}}
                %s""".formatted(name, created, phase.isEmpty() ? "" : "status: {phase: " + phase + "}"), Backup.class);
    }
}
