package io.cairn.controller.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.InstanceID;
import io.cairn.backup.BackupStatusDraft;
import io.cairn.backup.BackupStep.Notice;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The statuses the reconciler writes. */
class BackupStatusFactoryTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void failedCarriesTheErrorTheTimeAndTheMethod() {
        Backup backup = BackupGateTest.backup("b", "2026-11-25T09:00:00Z", "pending");
        backup.getMetadata().setGeneration(1L);

        BackupStatus status =
                BackupStatusFactory.failed(backup, "ClusterIsHibernated", "cannot backup a hibernated cluster", NOW);

        assertThat(status.phase()).isEqualTo(BackupPhase.FAILED);
        assertThat(status.error()).isEqualTo("cannot backup a hibernated cluster");
        assertThat(status.reconciliationTerminatedAt()).isEqualTo(NOW);
        assertThat(status.method()).isEqualTo(BackupMethod.BARMAN_OBJECT_STORE);
        assertThat(status.observedGeneration()).isEqualTo(1L);
        assertThat(status.conditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ClusterIsHibernated");
        });
    }

    @Test
    void pendingSaysWhyAndKeepsTheTransitionTimeWhileItWaits() {
        Backup backup = BackupGateTest.backup("b", "2026-11-25T09:00:00Z", "");
        BackupStatus first = BackupStatusFactory.pending(backup, 16, "WaitingForBackup", "waiting for a", NOW);
        backup.setStatus(first);

        BackupStatus second =
                BackupStatusFactory.pending(backup, 16, "WaitingForBackup", "waiting for a", NOW.plusSeconds(10));

        assertThat(second).isEqualTo(first);
        assertThat(first.phase()).isEqualTo(BackupPhase.PENDING);
        assertThat(first.error()).isNull();
        assertThat(first.majorVersion()).isEqualTo(16);
    }

    @Test
    void aFailureAfterTheStartKeepsWhatWasRecorded() {
        Backup backup = BackupGateTest.backup("b", "2026-11-25T09:00:00Z", "running");
        BackupStatus running = BackupStatusDraft.from(backup.getStatus())
                .instanceID(new InstanceID("pg-2", "c2", "s2"))
                .backupName("backup-20261125090000")
                .destinationPath("s3://backups/pg")
                .build();
        backup.setStatus(running);

        BackupStatus failed = BackupStatusFactory.failed(
                backup, "InstanceManagerRestarted", "instance manager was restarted during backup on pod pg-2", NOW);

        assertThat(failed.phase()).isEqualTo(BackupPhase.FAILED);
        assertThat(failed.instanceID()).isEqualTo(running.instanceID());
        assertThat(failed.backupName()).isEqualTo("backup-20261125090000");
        assertThat(failed.destinationPath()).isEqualTo("s3://backups/pg");
        assertThat(failed.error()).isEqualTo("instance manager was restarted during backup on pod pg-2");
    }

    @Test
    void completedIsReadyAndStampedWithTheTime() {
        Backup backup = BackupGateTest.backup("b", "2026-11-25T09:00:00Z", "running");
        backup.getMetadata().setGeneration(1L);

        BackupStatus completed = BackupStatusFactory.completed(
                backup,
                BackupStatusDraft.from(backup.getStatus())
                        .backupId("20261125T090001")
                        .error("stale")
                        .build(),
                NOW);

        assertThat(completed.phase()).isEqualTo(BackupPhase.COMPLETED);
        assertThat(completed.backupId()).isEqualTo("20261125T090001");
        assertThat(completed.error()).isNull();
        assertThat(completed.reconciliationTerminatedAt()).isEqualTo(NOW);
        assertThat(completed.observedGeneration()).isEqualTo(1L);
        assertThat(completed.conditions()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("Completed");
        });
    }

    @Test
    void anAdvancedStatusSaysWhyInItsReadyConditionAndTakesTheClustersMajorVersion() {
        Backup backup = BackupGateTest.backup("b", "2026-11-25T09:00:00Z", "");
        Cluster cluster = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg}
                spec: {instances: 1, imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4'}
                """, Cluster.class);

        BackupStatus started = BackupStatusFactory.advanced(
                backup,
                cluster,
                BackupStatusDraft.from(null).phase(BackupPhase.STARTED).build(),
                Notice.normal("Starting", "Starting backup"),
                NOW);

        assertThat(started.majorVersion()).isEqualTo(16);
        assertThat(started.conditions()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Starting");
            assertThat(c.getMessage()).isEqualTo("Starting backup");
        });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "-",
            value = {
                "ghcr.io/cloudnative-pg/postgresql:16.4, 16",
                "ghcr.io/cloudnative-pg/postgresql:17, 17",
                "postgres:15-bookworm, 15",
                "ghcr.io/cloudnative-pg/postgresql:16.4@sha256:abc, 16",
                "localhost:5000/postgresql, -",
                "postgresql:latest, -",
                "-, -",
            })
    void majorVersionComesFromTheImageTag(String image, Integer expected) {
        Cluster cluster = Serialization.unmarshal(
                """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg}
                spec: {instances: 1%s}
                """.formatted(image == null ? "" : ", imageName: '" + image + "'"), Cluster.class);

        assertThat(BackupStatusFactory.majorVersion(cluster)).isEqualTo(expected);
    }

    @Test
    void withoutAnImageNameTheMajorVersionComesFromTheImageTheClusterStatusSaysItRuns() {
        Cluster cluster = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg}
                spec: {instances: 3}
                status: {image: "ghcr.io/cloudnative-pg/postgresql:15"}
                """, Cluster.class);

        assertThat(BackupStatusFactory.majorVersion(cluster)).isEqualTo(15);
    }
}
