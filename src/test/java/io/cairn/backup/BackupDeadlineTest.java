package io.cairn.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.Cluster;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A Backup's deadline: where it comes from, when it is exceeded, and what the failed Backup says. */
class BackupDeadlineTest {

    private static final Instant CREATED = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void theBackupsOwnDeadlineWinsOverTheClusters() {
        Optional<BackupDeadline> deadline = BackupDeadline.of(backup("deadline: 90m"), cluster("deadline: 6h"));

        assertThat(deadline).contains(new BackupDeadline(Duration.ofMinutes(90), "90m", "spec.deadline", CREATED));
    }

    @Test
    void aBackupWithoutOneTakesTheClustersAndNeitherMeansNone() {
        assertThat(BackupDeadline.of(backup(""), cluster("deadline: 6h")))
                .contains(new BackupDeadline(Duration.ofHours(6), "6h", "the cluster's spec.backup.deadline", CREATED));
        assertThat(BackupDeadline.of(backup(""), cluster(""))).isEmpty();
        assertThat(BackupDeadline.of(backup(""), null)).isEmpty();
    }

    @Test
    void durationsAreHoursMinutesAndSecondsAsTheSchemaAllows() {
        assertThat(BackupDeadline.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(BackupDeadline.parse("45s")).contains(Duration.ofSeconds(45));
        assertThat(BackupDeadline.parse("2h0m5s")).contains(Duration.ofSeconds(7205));
        assertThat(BackupDeadline.parse("0s")).isEmpty();
        assertThat(BackupDeadline.parse("")).isEmpty();
        assertThat(BackupDeadline.parse("1d")).isEmpty();
        assertThat(BackupDeadline.parse("30m1h")).isEmpty();
    }

    @Test
    void itIsExceededOnceMoreThanItsLengthHasPassedSinceCreationAsCloudNativePgCountsIt() {
        BackupDeadline deadline =
                BackupDeadline.of(backup("deadline: 10m"), null).orElseThrow();

        assertThat(deadline.exceeded(CREATED.plus(Duration.ofMinutes(10)))).isFalse();
        assertThat(deadline.exceeded(CREATED.plus(Duration.ofMinutes(10)).plusSeconds(1)))
                .isTrue();
    }

    @Test
    void whatRemainsBoundsTheNextCheckAndIsNeverZero() {
        BackupDeadline deadline =
                BackupDeadline.of(backup("deadline: 10m"), null).orElseThrow();

        assertThat(deadline.remaining(CREATED.plus(Duration.ofMinutes(4)))).isEqualTo(Duration.ofSeconds(361));
        assertThat(deadline.remaining(CREATED.plus(Duration.ofHours(1)))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theMessageSaysTheDeadlineItsOriginAndWhereTheBackupWas() {
        Backup backup = backup("deadline: 10m");
        backup.setStatus(io.cairn.backup.BackupStatusDraft.from(null)
                .phase(BackupPhase.WAL_ARCHIVING_FAILING)
                .conditions(List.of(new ConditionBuilder()
                        .withType("Ready")
                        .withStatus("False")
                        .withReason("WalArchivingFailing")
                        .withMessage("WAL archiving fails on pg-1: connection refused")
                        .build()))
                .build());

        String message = BackupDeadline.of(backup, null).orElseThrow().message(backup.getStatus());

        assertThat(message)
                .isEqualTo("the backup did not finish within its deadline of 10m (spec.deadline) from its creation at "
                        + "2026-12-07T10:00:00Z; it was walArchivingFailing (WAL archiving fails on pg-1: connection "
                        + "refused)");
        assertThat(BackupDeadline.of(backup(""), cluster("deadline: 1h"))
                        .orElseThrow()
                        .message(null))
                .endsWith("(the cluster's spec.backup.deadline) from its creation at 2026-12-07T10:00:00Z; it had not "
                        + "started");
    }

    private static Backup backup(String spec) {
        return Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: b, namespace: ns, uid: u1, creationTimestamp: "2026-12-07T10:00:00Z"}
                spec:
                  cluster: {name: pg}
                  %s
                """.formatted(spec), Backup.class);
    }

    private static Cluster cluster(String backup) {
        return Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg, namespace: ns}
                spec:
                  instances: 1
                  backup:
                    barmanObjectStore: {destinationPath: "s3://backups/pg"}
                    %s
                """.formatted(backup), Cluster.class);
    }
}
