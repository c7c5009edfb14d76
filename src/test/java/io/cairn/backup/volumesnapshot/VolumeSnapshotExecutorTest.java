package io.cairn.backup.volumesnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupSnapshotElementStatus;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.InstanceID;
import io.cairn.backup.BackupRun;
import io.cairn.backup.BackupStatusDraft;
import io.cairn.backup.BackupStep;
import io.cairn.backup.BackupStep.Notice;
import io.cairn.backup.InstancePodFixture;
import io.cairn.instance.api.InstanceStatus;
import io.cairn.instance.api.client.FakeInstanceClient;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The volumeSnapshot step pipeline (spec 2.7), driven against a hand-written instance manager, an in-memory API
 * server and a fixed clock; the test plays the reconciler (it keeps each step's status) and the CSI driver.
 */
class VolumeSnapshotExecutorTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Duration POLL = Duration.ofSeconds(2);

    private final FakeInstanceClient instance = new FakeInstanceClient();
    private final FakeSnapshotResources resources = new FakeSnapshotResources();
    private final VolumeSnapshotExecutor executor = new VolumeSnapshotExecutor(instance, resources, POLL);
    private final List<Notice> notices = new ArrayList<>();
    private Cluster cluster = cluster("");
    private List<Pod> pods = List.of(pod("pg-1", "10.0.0.1", "c1"));
    private Backup backup = backup("");
    private Instant now = NOW;

    @Test
    void aHotBackupOfASingleInstanceGoesStartedFinalizingCompletedWithEveryStatusField() {
        instance.status("10.0.0.1", primary());
        resources.claims("pg-1", claim("pg-1", SnapshotRole.PG_DATA), claim("pg-1-wal", SnapshotRole.PG_WAL));

        BackupStep.Advance started = advance(step());
        assertThat(started.status().phase()).isEqualTo(BackupPhase.STARTED);
        assertThat(started.status().instanceID()).isEqualTo(new InstanceID("pg-1", "c1", "s1"));
        assertThat(started.status().online()).isTrue();
        assertThat(started.notice())
                .isEqualTo(Notice.normal(
                        "Starting", "Starting hot snapshot backup for cluster " + "pg on the primary pg-1"));

        assertThat(advance(step()).notice().reason())
                .as("pg_backup_start asked")
                .isEqualTo("BackupMode");
        assertThat(instance.lastStart.waitForArchive()).isTrue();
        assertThat(instance.lastStart.immediateCheckpoint()).isFalse();
        assertThat(resources.creations)
                .as("no snapshot before backup mode is started")
                .isEmpty();
        advance(step()); // still starting
        BackupStep.Advance created = advance(step());
        assertThat(resources.creations).containsExactly("b", "b-wal");
        assertThat(created.notice())
                .isEqualTo(Notice.normal("CreateSnapshot", "Created VolumeSnapshot(s) b of pg-1, b-wal of pg-1-wal"));

        assertThat(advance(step()).notice().reason()).as("not provisioned yet").isEqualTo("WaitingForSnapshot");
        resources.provisionAll(NOW.plusSeconds(3));
        now = NOW.plusSeconds(10);
        assertThat(advance(step()).notice().reason()).as("pg_backup_stop asked").isEqualTo("BackupMode");
        advance(step()); // closing
        BackupStep.Advance finalizing = advance(step());
        assertThat(finalizing.status().phase()).isEqualTo(BackupPhase.FINALIZING);

        resources.readyAll();
        now = NOW.plusSeconds(20);
        BackupStep.Completed completed = (BackupStep.Completed) step();

        BackupStatus status = completed.status();
        assertThat(status.phase()).isEqualTo(BackupPhase.COMPLETED);
        assertThat(status.method().value()).isEqualTo("volumeSnapshot");
        assertThat(status.online()).isTrue();
        assertThat(status.backupId()).isEqualTo("b");
        assertThat(status.backupName()).isEqualTo("b");
        assertThat(status.startedAt()).isEqualTo(NOW);
        assertThat(status.stoppedAt()).isEqualTo(NOW.plusSeconds(20));
        assertThat(status.beginWal()).isEqualTo("000000010000000000000005");
        assertThat(status.endWal()).isEqualTo("000000010000000000000005");
        assertThat(status.beginLSN()).isEqualTo("0/5000028");
        assertThat(status.endLSN()).isEqualTo("0/5000100");
        assertThat(status.backupLabelFile()).isEqualTo("bGFiZWw=");
        assertThat(status.tablespaceMapFile()).isNull();
        assertThat(status.snapshotBackupStatus().elements())
                .containsExactly(
                        new BackupSnapshotElementStatus("b", "PG_DATA", null),
                        new BackupSnapshotElementStatus("b-wal", "PG_WAL", null));
        assertThat(completed.window())
                .contains(new BackupStep.RecoverabilityWindow(NOW.plusSeconds(20), NOW.plusSeconds(20)));
        assertThat(resources.snapshots.get("b").getMetadata().getAnnotations())
                .containsEntry("cnpg.io/backupStartTime", NOW.toString())
                .containsEntry("cnpg.io/backupEndTime", NOW.plusSeconds(20).toString())
                .containsEntry("cnpg.io/backupLabelFile", "bGFiZWw=")
                .containsEntry("cnpg.io/snapshotStartTime", NOW.plusSeconds(3).toString())
                .containsEntry("cnpg.io/snapshotEndTime", NOW.plusSeconds(10).toString());
        assertThat(instance.calls).containsExactly("start 10.0.0.1 b", "controldata 10.0.0.1", "stop 10.0.0.1 b");
    }

    @Test
    void aColdBackupOfAStandbyFencesItOnlyWhileItsVolumesAreSnapshotted() {
        cluster = cluster("    online: false\n");
        pods = List.of(pod("pg-1", "10.0.0.1", "c1"), pod("pg-2", "10.0.0.2", "c2"));
        instance.status("10.0.0.1", primary());
        instance.status(
                "10.0.0.2",
                FakeInstanceClient.status("s2", "replica", true, null, "0/6000000", "0/6000000", null, null));
        resources.claims("pg-2", claim("pg-2", SnapshotRole.PG_DATA));

        assertThat(advance(step()).status().instanceID().podName()).isEqualTo("pg-2");
        assertThat(advance(step()).notice())
                .isEqualTo(Notice.normal("FencePod", "Fencing pod pg-2 for a cold " + "snapshot backup"));
        assertThat(resources.fenced.names()).containsExactly("pg-2");
        assertThat(advance(step()).notice().reason())
                .as("postgres still stopping")
                .isEqualTo("FencePod");
        assertThat(resources.creations).isEmpty();
        advance(step());
        assertThat(resources.creations).containsExactly("b");
        resources.provisionAll(NOW.plusSeconds(1));
        BackupStep.Advance finalizing = advance(step());

        assertThat(finalizing.notice())
                .isEqualTo(Notice.normal("UnfencePod", "Unfenced pod pg-2: its volumes are " + "snapshotted"));
        assertThat(resources.fenced.names()).isEmpty();
        assertThat(instance.fenced).isFalse();
        assertThat(finalizing.status().online()).isFalse();
        assertThat(finalizing.status().beginLSN()).isEqualTo("0/5000028");
        assertThat(finalizing.status().endLSN()).isEqualTo("0/5000028");
        assertThat(finalizing.status().backupLabelFile()).isNull();
        assertThat(instance.calls)
                .containsExactly("fence 10.0.0.2", "fence 10.0.0.2", "controldata 10.0.0.2", "unfence 10.0.0.2");

        resources.readyAll();
        assertThat(step()).isInstanceOf(BackupStep.Completed.class);
    }

    @Test
    void anOperatorRestartedAfterTheSnapshotsWereCreatedNeitherRestartsBackupModeNorSnapshotsAgain() {
        hotBackupOfOneDataClaimUpToItsSnapshot();
        assertThat(resources.creations).containsExactly("b");

        VolumeSnapshotExecutor restarted = new VolumeSnapshotExecutor(instance, resources, POLL);
        BackupStep again = restarted.step(new BackupRun(backup, cluster, pods, now));

        assertThat(again).isInstanceOf(BackupStep.Advance.class);
        assertThat(resources.creations).containsExactly("b");
        assertThat(instance.calls).containsExactly("start 10.0.0.1 b", "controldata 10.0.0.1");
    }

    @Test
    void aSnapshotCreatedForOnlySomeClaimsIsCompletedOnTheNextStep() {
        hotBackupOfOneDataClaimUpToItsSnapshot();
        resources.claims("pg-1", claim("pg-1", SnapshotRole.PG_DATA), claim("pg-1-wal", SnapshotRole.PG_WAL));

        advance(step());

        assertThat(resources.creations).containsExactly("b", "b-wal");
    }

    @Test
    void anOperatorStoppedBetweenUnfencingAndRecordingFinalizingUnfencesAgainAndMovesOn() {
        coldBackupOfOneDataClaimUpToItsProvisionedSnapshot();
        BackupStatus beforeFinalizing = backup.getStatus();
        advance(step());
        backup.setStatus(beforeFinalizing); // the status write was lost with the operator
        resources.fenced = new FencedInstances(List.of("pg-1")); // and the annotation's removal too

        BackupStep.Advance again = advance(step());

        assertThat(again.status().phase()).isEqualTo(BackupPhase.FINALIZING);
        assertThat(resources.fenced.names()).isEmpty();
        assertThat(instance.fenced).isFalse();
        assertThat(resources.creations).containsExactly("b");
    }

    @Test
    void aFinalizingColdBackupStillFencedLiftsTheFenceBeforeWaiting() {
        coldBackupOfOneDataClaimUpToItsProvisionedSnapshot();
        assertThat(advance(step()).status().phase()).isEqualTo(BackupPhase.FINALIZING);
        resources.fenced = new FencedInstances(List.of("pg-1"));

        advance(step());

        assertThat(resources.fenced.names()).isEmpty();
        assertThat(instance.calls).last().isEqualTo("unfence 10.0.0.1");
    }

    @Test
    void anotherFencedInstanceFailsAColdBackupWithCloudNativePGsMessage() {
        cluster = cluster("    online: false\n");
        instance.status("10.0.0.1", primary());
        resources.claims("pg-1", claim("pg-1", SnapshotRole.PG_DATA));
        resources.fenced = new FencedInstances(List.of("pg-3"));
        advance(step());

        BackupStep.Failed failed = (BackupStep.Failed) step();

        assertThat(failed.reason()).isEqualTo("Error");
        assertThat(failed.message())
                .isEqualTo("can't execute snapshot backup: cannot execute volume snapshot on a "
                        + "cluster that has fenced instances");
    }

    @Test
    void aSnapshotErrorIsRetriedUntilTheDeadlineThenFailsTheBackup() {
        backup = backup("  annotations: {cnpg.io/volumeSnapshotDeadline: '5'}\n");
        hotBackupOfOneDataClaimUpToItsSnapshot();
        resources.error("b", "snapshot class not found");

        BackupStep.Advance retried = advance(step());
        assertThat(retried.notice().kind()).isEqualTo(Notice.Kind.WARNING);
        assertThat(retried.status().pluginMetadata())
                .containsEntry("cnpg_volumesnapshot", "{\"volumeSnapshotFirstFailure\":" + NOW.getEpochSecond() + "}");
        now = NOW.plus(Duration.ofMinutes(5));
        assertThat(step()).as("exactly the deadline is not past it").isInstanceOf(BackupStep.Advance.class);
        now = NOW.plus(Duration.ofMinutes(5)).plusSeconds(1);

        BackupStep.Failed failed = (BackupStep.Failed) step();
        assertThat(failed.message())
                .isEqualTo("can't execute snapshot backup: deadline exceeded for error snapshot " + "class not found");
    }

    @Test
    void aSnapshotNeverProvisionedFailsAtTheDeadlineAndReleaseAbandonsBackupModeAndGivesItAnOwner() {
        hotBackupOfOneDataClaimUpToItsSnapshot();
        now = NOW.plus(Duration.ofMinutes(10)).plusSeconds(1);

        BackupStep.Failed failed = (BackupStep.Failed) step();
        executor.release(new BackupRun(backup, cluster, pods, now));

        assertThat(failed.message())
                .isEqualTo("can't execute snapshot backup: deadline exceeded waiting for "
                        + "VolumeSnapshot b to be provisioned");
        assertThat(instance.calls).endsWith("abort 10.0.0.1 b");
        assertThat(resources.snapshots.get("b").getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> {
                    assertThat(owner.getKind()).isEqualTo("Backup");
                    assertThat(owner.getName()).isEqualTo("b");
                    assertThat(owner.getUid()).isEqualTo("u1");
                });
    }

    @Test
    void releasingAFailedColdBackupUnfencesTheInstance() {
        cluster = cluster("    online: false\n");
        instance.status("10.0.0.1", primary());
        resources.claims("pg-1", claim("pg-1", SnapshotRole.PG_DATA));
        advance(step());
        advance(step());
        advance(step());
        assertThat(resources.fenced.names()).containsExactly("pg-1");

        executor.release(new BackupRun(backup, cluster, pods, now));

        assertThat(resources.fenced.names()).isEmpty();
        assertThat(resources.fencingWrites).last().isEqualTo("null");
        assertThat(instance.fenced).isFalse();
    }

    @Test
    void releasingABackupThatNeverStartedTouchesNothing() {
        executor.release(new BackupRun(backup, cluster, pods, now));

        assertThat(instance.calls).isEmpty();
        assertThat(resources.fencingWrites).isEmpty();
    }

    @Test
    void theTargetPodRestartedDuringTheBackupFailsIt() {
        instance.status("10.0.0.1", primary());
        resources.claims("pg-1", claim("pg-1", SnapshotRole.PG_DATA));
        advance(step());
        pods = List.of(pod("pg-1", "10.0.0.1", "c1-restarted"));

        BackupStep.Failed failed = (BackupStep.Failed) step();

        assertThat(failed.message())
                .isEqualTo("can't execute snapshot backup: the target pod pg-1 was deleted or "
                        + "restarted during the backup");
    }

    /** Elected, fenced, PostgreSQL stopped, snapshot created and provisioned. */
    private void coldBackupOfOneDataClaimUpToItsProvisionedSnapshot() {
        cluster = cluster("    online: false\n");
        instance.status("10.0.0.1", primary());
        resources.claims("pg-1", claim("pg-1", SnapshotRole.PG_DATA));
        for (int i = 0; i < 4; i++) {
            advance(step());
        }
        resources.provisionAll(NOW);
    }

    /** Elected, backup mode asked, started, snapshot created. */
    private void hotBackupOfOneDataClaimUpToItsSnapshot() {
        instance.status("10.0.0.1", primary());
        resources.claims("pg-1", claim("pg-1", SnapshotRole.PG_DATA));
        for (int i = 0; i < 4; i++) {
            advance(step());
        }
    }

    // ---- the reconciler's part: keep the status a step decided

    private BackupStep step() {
        BackupStep step = executor.step(new BackupRun(backup, cluster, pods, now));
        if (step instanceof BackupStep.Advance advance) {
            notices.add(advance.notice());
            backup.setStatus(
                    BackupStatusDraft.from(advance.status()).majorVersion(16).build());
        }
        return step;
    }

    private static BackupStep.Advance advance(BackupStep step) {
        assertThat(step).isInstanceOf(BackupStep.Advance.class);
        return (BackupStep.Advance) step;
    }

    private static InstanceStatus primary() {
        return FakeInstanceClient.primary("s1", null);
    }

    private static InstanceClaim claim(String name, SnapshotRole role) {
        return new InstanceClaim(
                name, role, null, Map.of("cnpg.io/cluster", "pg", "cnpg.io/pvcRole", role.name()), Map.of());
    }

    static Backup backup(String metadata) {
        return Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata:
                  name: b
                  namespace: ns
                  uid: u1
                """ + metadata + """
                spec: {cluster: {name: pg}, method: volumeSnapshot}
                """, Backup.class);
    }

    static Cluster cluster(String volumeSnapshot) {
        return Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg, namespace: ns, uid: cu1}
                spec:
                  instances: 1
                  imageName: ghcr.io/cloudnative-pg/postgresql:16.4
                  backup:
                   volumeSnapshot:
                    className: csi-hostpath-snapclass
                """ + volumeSnapshot + """
                status: {currentPrimary: pg-1, targetPrimary: pg-1}
                """, Cluster.class);
    }

    static Pod pod(String name, String ip, String containerId) {
        return InstancePodFixture.pod(name, ip, containerId);
    }
}
