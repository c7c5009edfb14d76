package io.cairn.backup.volumesnapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.testing.BackupCompletionHold;
import io.cairn.testing.LocalRuntimeFixture;
import io.cairn.testing.OperatorProcess;
import io.cairn.testing.SharedControlPlane;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packaged operator killed (SIGKILL) at each step of a volumeSnapshot backup on the real node, and a new one
 * started: the backup still ends {@code completed}, with one snapshot per claim and no instance left fenced.
 *
 * <p>Until the kill the Backup is held from completing ({@link BackupCompletionHold}): with the CSI hostpath driver
 * the snapshots are ready as soon as they are taken, so {@code finalizing} lasts one reconcile, too short for a test
 * to kill the operator in it by chance.
 *
 * <p>Runs in the {@code process-its} Failsafe execution: no operator may run in the test JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VolumeSnapshotOperatorRestartProcessIT {

    private static final Duration STARTUP = Duration.ofSeconds(300);
    private static final Duration BACKUP = Duration.ofSeconds(240);
    private static final String CLUSTER = "duo";

    /** Where the operator is killed, as the test sees the step from outside. */
    enum Step {
        COLD_WHILE_THE_STANDBY_IS_FENCED(false, it -> it.fenced().contains(CLUSTER + "-2")),
        COLD_ONCE_A_SNAPSHOT_EXISTS(false, it -> !it.snapshots().isEmpty()),
        /** Finalizing, after the operator tried to complete the Backup and the hold refused it. */
        COLD_WHILE_FINALIZING(false, it -> it.phase() == BackupPhase.FINALIZING && it.completionRefused()),
        HOT_ONCE_A_SNAPSHOT_EXISTS(true, it -> !it.snapshots().isEmpty());

        final boolean online;
        final Predicate<Observed> reached;

        Step(boolean online, Predicate<Observed> reached) {
            this.online = online;
            this.reached = reached;
        }
    }

    /** What the test reads of a running backup. */
    private record Observed(
            BackupPhase phase,
            boolean completionRefused,
            List<String> fenced,
            List<GenericKubernetesResource> snapshots) {}

    private KubernetesClient client;
    private LocalRuntimeFixture runtime;
    private OperatorProcess operator;
    private BackupCompletionHold hold;
    private int started;

    @BeforeAll
    void startTheOperatorAndACluster() throws IOException {
        client = SharedControlPlane.newClient();
        runtime = LocalRuntimeFixture.start(client, "snaprestart", "backups");
        runtime.createS3Secret("s3-creds", runtime.store().secretAccessKey());
        hold = BackupCompletionHold.open(client, runtime.ns());
        operator = startOperator();
        runtime.createClusterWithObjectStore(
                "csi-hostpath-sc", CLUSTER, 2, "s3-creds", "volumeSnapshot: {className: csi-hostpath-snapclass}");
        runtime.awaitHealthy(CLUSTER, 2, STARTUP);
    }

    @AfterAll
    void stopEverything() {
        if (operator != null) {
            operator.close();
        }
        if (hold != null) {
            hold.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void anOperatorKilledAtThisStepLeavesACompletedBackupOneSnapshotPerClaimAndNoFence(Step step) {
        String name = step.name().toLowerCase().replace('_', '-');
        runtime.createBackup(name, CLUSTER, "volumeSnapshot", step.online);
        hold.hold(name);

        await(step + " reached")
                .atMost(BACKUP)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> step.reached.test(observe(name)));
        Observed killedAt = observe(name);
        operator.kill();
        System.out.printf(
                "[snapshot restart IT] operator killed at %s: phase %s, fenced %s, %d snapshot(s)%n",
                step, killedAt.phase(), killedAt.fenced(), killedAt.snapshots().size());
        assertThat(observe(name).phase())
                .as("the phase once the operator is dead: the kill must land before completion")
                .isNotEqualTo(BackupPhase.COMPLETED);
        hold.release(name);
        operator = startOperator();

        Backup completed = runtime.awaitBackupPhase(name, BackupPhase.COMPLETED, BACKUP);

        assertThat(completed.getStatus().online()).isEqualTo(step.online);
        assertThat(snapshots(name))
                .extracting(s -> s.getMetadata().getName())
                .as("one snapshot per claim of the target, none twice")
                .containsExactlyInAnyOrder(name, name + "-wal");
        assertThat(fenced()).as("fenced instances").isEmpty();
        runtime.awaitHealthy(CLUSTER, 2, STARTUP);
    }

    // ---- helpers

    private OperatorProcess startOperator() {
        started++;
        return OperatorProcess.start(SharedControlPlane.get(), runtime.ns(), "operator-" + started);
    }

    private Observed observe(String backup) {
        Backup current = runtime.backup(backup);
        BackupStatus status = current == null ? null : current.getStatus();
        boolean refused = status != null
                && status.conditions() != null
                && status.conditions().stream()
                        .anyMatch(c -> c.getMessage() != null && c.getMessage().contains(BackupCompletionHold.REFUSAL));
        return new Observed(status == null ? null : status.phase(), refused, fenced(), snapshots(backup));
    }

    private List<String> fenced() {
        return SnapshotProbe.fenced(runtime.cluster(CLUSTER));
    }

    private List<GenericKubernetesResource> snapshots(String backup) {
        return SnapshotProbe.snapshots(client, runtime.ns(), backup);
    }
}
