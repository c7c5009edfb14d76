package io.cairn.backup.barman;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupAttempts;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.InstanceID;
import io.cairn.backup.BackupRun;
import io.cairn.backup.BackupSettings;
import io.cairn.backup.BackupStatusDraft;
import io.cairn.backup.BackupStep;
import io.cairn.backup.BackupStep.Notice;
import io.cairn.backup.InstancePodFixture;
import io.cairn.instance.api.ArchiveResult;
import io.cairn.instance.api.BackupJob;
import io.cairn.instance.api.BarmanBackupInfo;
import io.cairn.instance.api.InstanceStatus.Archiver;
import io.cairn.instance.api.client.FakeInstanceClient;
import io.cairn.instance.api.client.InstanceReply;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The barmanObjectStore step machine, driven against hand-written instance managers and a fixed clock. */
class BarmanObjectStoreExecutorTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final OffsetDateTime ARCHIVED_AT = OffsetDateTime.parse("2026-11-25T09:59:00Z");
    private static final Archiver WORKING = FakeInstanceClient.archivedUpTo("000000010000000000000004", ARCHIVED_AT);

    private static final BackupSettings SETTINGS = new BackupSettings() {
        @Override
        public Duration pollInterval() {
            return Duration.ofSeconds(5);
        }

        @Override
        public Duration walArchiveCheckTimeout() {
            return Duration.ofMinutes(10);
        }

        @Override
        public Duration endWalArchiveTimeout() {
            return Duration.ofMinutes(5);
        }

        @Override
        public Duration instanceUnreachableTimeout() {
            return Duration.ofMinutes(2);
        }

        @Override
        public int maxAttempts() {
            return 3;
        }

        @Override
        public Duration retryBackoff() {
            return Duration.ofSeconds(30);
        }

        @Override
        public Duration maxRetryBackoff() {
            return Duration.ofMinutes(5);
        }

        @Override
        public Duration requestTimeout() {
            return Duration.ofSeconds(10);
        }

        @Override
        public boolean ambientIdentities() {
            return true;
        }
    };

    private static final String OBJECT_STORE_DOWN = "Barman cloud backup exception: Could not connect to the "
            + "endpoint URL: \"http://127.0.0.1:9999/pgbackup\"";
    private static final String RESTARTED = "instance manager was restarted during backup on pod pg-3";

    private final FakeInstanceClient instances = new FakeInstanceClient();
    private final BarmanObjectStoreExecutor executor = new BarmanObjectStoreExecutor(instances, SETTINGS);
    private final Cluster cluster = cluster("");
    private List<Pod> pods =
            List.of(pod("pg-1", "10.0.0.1", "c1"), pod("pg-2", "10.0.0.2", "c2"), pod("pg-3", "10.0.0.3", "c3"));

    @Test
    void withNoReadyInstanceTheBackupWaitsAndSaysSo() {
        pods = List.of(notReady(pod("pg-1", "10.0.0.1", "c1")));

        BackupStep step = executor.step(run(backup(null), NOW));

        assertThat(step)
                .isEqualTo(new BackupStep.Wait(
                        Duration.ofSeconds(30),
                        "FindingPod",
                        "Couldn't find a "
                                + "ready instance of cluster pg to run a prefer-standby backup on (pods: 1, Ready: 0), will retry in "
                                + "30 seconds",
                        true));
    }

    @Test
    void theIntentIsRecordedBeforeTheInstanceIsAskedAnything() {
        allUp(WORKING);

        BackupStatus started = advance(executor.step(run(backup(null), NOW))).status();

        assertThat(started.phase()).isEqualTo(BackupPhase.STARTED);
        assertThat(started.instanceID()).isEqualTo(new InstanceID("pg-3", "c3", "s3"));
        assertThat(started.backupName()).isEqualTo("backup-20261125100000");
        assertThat(started.reconciliationStartedAt()).isEqualTo(NOW);
        assertThat(started.method().value()).isEqualTo("barmanObjectStore");
        assertThat(instances.started).isEmpty();
    }

    @Test
    void targetPrimaryOnTheBackupWinsOverTheClustersPreferStandby() {
        allUp(WORKING);
        Backup backup = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: b, namespace: ns, uid: u1}
                spec: {cluster: {name: pg}, target: primary}
                """, Backup.class);

        BackupStep.Advance step = advance(executor.step(run(backup, NOW)));

        assertThat(step.status().instanceID().podName()).isEqualTo("pg-1");
        assertThat(step.notice())
                .isEqualTo(Notice.normal("Starting", "Starting backup for cluster pg on the " + "primary pg-1"));
    }

    @Test
    void withArchivingWorkingTheBackupIsRequestedAndRunning() {
        allUp(WORKING);

        BackupStep.Advance step = advance(executor.step(run(backup(started("pg-3", "c3", "s3")), NOW)));

        assertThat(instances.started).singleElement().satisfies(request -> {
            assertThat(request.backupName()).isEqualTo("b");
            assertThat(request.barmanName()).isEqualTo("backup-20261125100000");
            assertThat(request.serverName()).isEqualTo("pg");
            assertThat(request.retentionPolicy()).isEqualTo("30d");
            assertThat(request.barmanObjectStore().destinationPath()).isEqualTo("s3://backups/pg");
        });
        assertThat(step.status().phase()).isEqualTo(BackupPhase.RUNNING);
        assertThat(step.status().destinationPath()).isEqualTo("s3://backups/pg");
        assertThat(step.status().endpointURL()).isEqualTo("http://s3.local:9000");
        assertThat(step.status().serverName()).isEqualTo("pg");
        assertThat(step.status().s3Credentials().accessKeyId().name()).isEqualTo("s3-creds");
        assertThat(step.status().startedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:01Z"));
        assertThat(step.recheckAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aPrimaryThatNeverArchivedIsAskedForOneWalSwitchAndTheBackupWaits() {
        allUp(FakeInstanceClient.archiver(null, null, null, null));

        BackupStep.Advance first = advance(executor.step(run(backup(started("pg-3", "c3", "s3")), NOW)));
        Backup after = backup(withReadyReason(first.status(), first.notice().reason()));
        BackupStep.Advance second = advance(executor.step(run(after, NOW.plusSeconds(5))));

        assertThat(instances.walSwitches).containsExactly("10.0.0.1 with checkpoint");
        assertThat(first.status().phase()).isEqualTo(BackupPhase.STARTED);
        assertThat(first.notice().reason()).isEqualTo("WalSwitchRequested");
        assertThat(second.notice()).isEqualTo(first.notice());
        assertThat(instances.started).isEmpty();
    }

    @Test
    void failingArchivingHoldsTheBackupWithBarmansMessageThenFailsIt() {
        Archiver failing = FakeInstanceClient.archiver(
                "000000010000000000000003", ARCHIVED_AT, "000000010000000000000004", ARCHIVED_AT.plusSeconds(30));
        allUp(failing);
        instances.status(
                "10.0.0.1",
                FakeInstanceClient.status(
                        "s1",
                        "primary",
                        true,
                        "0/5000000",
                        null,
                        null,
                        failing,
                        new ArchiveResult(
                                "000000010000000000000004",
                                false,
                                "An error occurred (403) when calling the HeadBucket operation: Forbidden",
                                NOW,
                                NOW,
                                true)));

        BackupStep.Advance holding = advance(executor.step(run(backup(started("pg-3", "c3", "s3")), NOW)));
        BackupStep failed = executor.step(run(backup(started("pg-3", "c3", "s3")), NOW.plus(Duration.ofMinutes(10))));

        assertThat(holding.status().phase()).isEqualTo(BackupPhase.WAL_ARCHIVING_FAILING);
        assertThat(holding.status().error())
                .isEqualTo("An error occurred (403) when calling the HeadBucket operation: Forbidden");
        assertThat(holding.notice().kind()).isEqualTo(Notice.Kind.WARNING);
        assertThat(failed).isInstanceOfSatisfying(BackupStep.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("WalArchivingFailing");
            assertThat(f.message())
                    .isEqualTo("WAL archiving is not working: An error occurred (403) when calling "
                            + "the HeadBucket operation: Forbidden");
        });
        assertThat(instances.started).isEmpty();
    }

    @Test
    void anotherBackupOnTheInstanceIsWaitedForEveryFiveSeconds() {
        allUp(WORKING);
        instances.startReply = InstanceReply.refused(409, "ANOTHER_BACKUP_IN_PROGRESS", "another backup is running");

        BackupStep.Advance step = advance(executor.step(run(backup(started("pg-3", "c3", "s3")), NOW)));

        assertThat(step.status().phase()).isEqualTo(BackupPhase.STARTED);
        assertThat(step.notice().reason()).isEqualTo("AnotherBackupInProgress");
        assertThat(step.recheckAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aRestartedInstanceManagerIsATransientFailureRetriedThenTheBackupFails() {
        allUp(WORKING);
        instances.status("10.0.0.3", FakeInstanceClient.replica("a-new-session", "0/5000000", "0/5000000"));
        assertRetried(executor.step(run(backup(running("pg-3", "c3", "s3")), NOW)), RESTARTED, 1);
        assertRestarted(executor.step(run(backup(attempt(running("pg-3", "c3", "s3"), 3)), NOW)));

        allUp(WORKING);
        pods = List.of(pod("pg-1", "10.0.0.1", "c1"), pod("pg-3", "10.0.0.3", "c3-restarted"));
        assertRetried(executor.step(run(backup(running("pg-3", "c3", "s3")), NOW)), RESTARTED, 1);

        pods = List.of(pod("pg-1", "10.0.0.1", "c1"));
        assertRetried(executor.step(run(backup(attempt(running("pg-3", "c3", "s3"), 2)), NOW)), RESTARTED, 2);
    }

    @Test
    void aTransientFailureOfBarmanGoesBackToPendingWithTheAttemptAndItsError() {
        allUp(WORKING);
        instances.jobs.put("10.0.0.3/b", job(BackupJob.Phase.FAILED, null, OBJECT_STORE_DOWN));

        BackupStep.Advance retry = advance(executor.step(run(backup(attempt(running("pg-3", "c3", "s3"), 1)), NOW)));

        assertThat(retry.status().phase()).isEqualTo(BackupPhase.PENDING);
        assertThat(retry.status().instanceID()).isNull();
        assertThat(retry.status().attempts()).isEqualTo(new BackupAttempts(1, OBJECT_STORE_DOWN, NOW));
        assertThat(retry.notice())
                .isEqualTo(Notice.warning(
                        "RetryScheduled",
                        "attempt 1 of 3 failed: " + OBJECT_STORE_DOWN + "; attempt 2 starts at 2026-11-25T10:00:30Z"));
        assertThat(retry.recheckAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theNextAttemptWaitsForItsBackOffThenIsElectedAndRunsAsANewJob() {
        allUp(WORKING);
        BackupAttempts failedOnce = new BackupAttempts(1, OBJECT_STORE_DOWN, NOW);
        Backup pending = backup(BackupStatusDraft.from(null)
                .phase(BackupPhase.PENDING)
                .attempts(failedOnce)
                .build());

        BackupStep early = executor.step(run(pending, NOW.plusSeconds(10)));
        BackupStep.Advance elected = advance(executor.step(run(pending, NOW.plusSeconds(30))));

        assertThat(early)
                .isEqualTo(new BackupStep.Wait(
                        Duration.ofSeconds(20),
                        "RetryScheduled",
                        "attempt 1 of 3 failed: " + OBJECT_STORE_DOWN + "; attempt 2 starts at 2026-11-25T10:00:30Z",
                        true));
        assertThat(elected.status().phase()).isEqualTo(BackupPhase.STARTED);
        assertThat(elected.status().attempts()).isEqualTo(new BackupAttempts(2, OBJECT_STORE_DOWN, NOW));

        executor.step(run(backup(elected.status()), NOW.plusSeconds(31)));

        assertThat(instances.started)
                .extracting(request -> request.backupName())
                .as("the failed attempt's job keeps its name; the new one has its own")
                .containsExactly("b:attempt-2");
    }

    @Test
    void theBackOffDoublesUpToItsBound() {
        allUp(WORKING);
        instances.jobs.put("10.0.0.3/b:attempt-2", job(BackupJob.Phase.FAILED, null, OBJECT_STORE_DOWN));

        BackupStep.Advance retry = advance(executor.step(run(backup(attempt(running("pg-3", "c3", "s3"), 2)), NOW)));

        assertThat(retry.recheckAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aTransientFailureOfTheLastAttemptFailsTheBackupSayingSo() {
        allUp(WORKING);
        instances.jobs.put("10.0.0.3/b:attempt-3", job(BackupJob.Phase.FAILED, null, OBJECT_STORE_DOWN));

        BackupStep step = executor.step(run(backup(attempt(running("pg-3", "c3", "s3"), 3)), NOW));

        assertThat(step).isInstanceOfSatisfying(BackupStep.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("Failed");
            assertThat(f.message()).isEqualTo(OBJECT_STORE_DOWN + " (transient; gave up after 3 attempts)");
            assertThat(f.status().attempts()).isEqualTo(new BackupAttempts(3, OBJECT_STORE_DOWN, NOW));
        });
    }

    @Test
    void releasingARunningBackupCancelsItsJobOnTheInstance() {
        allUp(WORKING);

        executor.release(run(backup(attempt(running("pg-3", "c3", "s3"), 2)), NOW));
        executor.release(run(
                backup(BackupStatusDraft.from(running("pg-3", "c3", "s3"))
                        .phase(BackupPhase.COMPLETED)
                        .build()),
                NOW));

        assertThat(instances.cancelled).containsExactly("10.0.0.3/b:attempt-2");
    }

    @Test
    void anUnreachableInstanceIsWaitedForThenRetriedThenTheBackupFails() {
        allUp(WORKING);
        instances.statuses.remove("10.0.0.3");
        Backup backup = backup(running("pg-3", "c3", "s3"));
        Backup lastAttempt = backup(attempt(running("pg-3", "c3", "s3"), 3));

        BackupStep.Advance waiting = advance(executor.step(run(backup, NOW)));
        BackupStep retried = executor.step(run(backup, NOW.plus(Duration.ofMinutes(2))));
        executor.step(run(lastAttempt, NOW));
        BackupStep failed = executor.step(run(lastAttempt, NOW.plus(Duration.ofMinutes(2))));

        assertThat(retried).isInstanceOfSatisfying(BackupStep.Advance.class, a -> {
            assertThat(a.status().phase()).isEqualTo(BackupPhase.PENDING);
            assertThat(a.status().attempts().lastError())
                    .startsWith("the instance manager of pod pg-3 did not answer for 120s: ");
        });

        assertThat(waiting.status()).isEqualTo(backup.getStatus());
        assertThat(waiting.notice()).isNull();
        assertThat(failed).isInstanceOfSatisfying(BackupStep.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("InstanceUnreachable");
            assertThat(f.message())
                    .startsWith("the instance manager of pod pg-3 did not answer for 120s: ")
                    .contains("10.0.0.3");
        });
    }

    @Test
    void aFailedJobFailsTheBackupWithBarmansMessage() {
        allUp(WORKING);
        BackupJob job = job(BackupJob.Phase.FAILED, null, "ERROR: Backup failed uploading data (403 Forbidden)");
        instances.jobs.put("10.0.0.3/b", job);

        BackupStep step = executor.step(run(backup(running("pg-3", "c3", "s3")), NOW));

        assertThat(step).isInstanceOfSatisfying(BackupStep.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("Failed");
            assertThat(f.message()).isEqualTo("ERROR: Backup failed uploading data (403 Forbidden)");
            assertThat(f.status().instanceID().podName()).isEqualTo("pg-3");
            assertThat(f.status().destinationPath()).isEqualTo("s3://backups/pg");
            assertThat(f.job()).contains(job);
        });
    }

    @Test
    void aBackupOfThePrimaryIsCompletedWithWhatBarmanReported() {
        allUp(WORKING);
        instances.jobs.put("10.0.0.1/b", job(BackupJob.Phase.COMPLETED, info("000000010000000000000009"), null));

        BackupStep step = executor.step(run(backup(running("pg-1", "c1", "s1")), NOW));

        assertThat(step).isInstanceOfSatisfying(BackupStep.Completed.class, c -> {
            BackupStatus status = c.status();
            assertThat(status.phase()).isEqualTo(BackupPhase.COMPLETED);
            assertThat(status.backupId()).isEqualTo("20261125T100002");
            assertThat(status.backupName()).isEqualTo("backup-20261125100000");
            assertThat(status.beginWal()).isEqualTo("000000010000000000000008");
            assertThat(status.endWal()).isEqualTo("000000010000000000000009");
            assertThat(status.beginLSN()).isEqualTo("0/8000028");
            assertThat(status.endLSN()).isEqualTo("0/9000100");
            assertThat(status.startedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:02Z"));
            assertThat(status.stoppedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:12Z"));
            assertThat(status.online()).isTrue();
            assertThat(status.majorVersion()).isEqualTo(15);
            assertThat(c.job()).isPresent();
        });
        assertThat(instances.walSwitches).isEmpty();
    }

    @Test
    void aStandbysBackupWaitsForItsEndWalOnThePrimaryBeforeItIsCompleted() {
        allUp(FakeInstanceClient.archivedUpTo("000000010000000000000008", ARCHIVED_AT));
        instances.jobs.put("10.0.0.3/b", job(BackupJob.Phase.COMPLETED, info("000000010000000000000009"), null));

        BackupStep.Advance finalizing = advance(executor.step(run(backup(running("pg-3", "c3", "s3")), NOW)));
        Backup waiting = backup(finalizing.status());
        BackupStep stillWaiting = executor.step(run(waiting, NOW.plusSeconds(5)));
        instances.status(
                "10.0.0.1",
                FakeInstanceClient.primary(
                        "s1", FakeInstanceClient.archivedUpTo("000000010000000000000009", ARCHIVED_AT.plusMinutes(1))));
        BackupStep completed = executor.step(run(waiting, NOW.plusSeconds(10)));

        assertThat(finalizing.status().phase()).isEqualTo(BackupPhase.FINALIZING);
        assertThat(finalizing.notice().reason()).isEqualTo("WaitingForEndWalArchive");
        assertThat(instances.walSwitches).containsExactly("10.0.0.1");
        assertThat(advance(stillWaiting).status()).isEqualTo(finalizing.status());
        assertThat(completed).isInstanceOfSatisfying(BackupStep.Completed.class, c -> {
            assertThat(c.status().phase()).isEqualTo(BackupPhase.COMPLETED);
            assertThat(c.status().endWal()).isEqualTo("000000010000000000000009");
            assertThat(c.job()).isPresent();
        });
    }

    @Test
    void aStandbysBackupWhoseEndWalNeverArrivesFails() {
        allUp(FakeInstanceClient.archivedUpTo("000000010000000000000008", ARCHIVED_AT));
        BackupStatus finalizing = BackupStatusDraft.from(running("pg-3", "c3", "s3"))
                .phase(BackupPhase.FINALIZING)
                .endWal("000000010000000000000009")
                .stoppedAt(NOW)
                .build();

        BackupStep step = executor.step(run(backup(finalizing), NOW.plus(Duration.ofMinutes(5))));

        assertThat(step).isInstanceOfSatisfying(BackupStep.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("EndWalNotArchived");
            assertThat(f.message())
                    .isEqualTo("the backup's last WAL file 000000010000000000000009 was not "
                            + "archived by the primary pg-1 within 300s (last archived: 000000010000000000000008), so the "
                            + "backup cannot be restored");
        });
    }

    @Test
    void aRunningBackupWithNoRecordedInstanceIsNotRegressedButFailsAfterTheBound() {
        BackupStatus foreign =
                BackupStatusDraft.from(null).phase(BackupPhase.RUNNING).build();

        BackupStep.Advance waiting = advance(executor.step(run(backup(foreign), NOW)));
        BackupStep failed = executor.step(run(backup(foreign), NOW.plus(Duration.ofMinutes(2))));

        assertThat(waiting.status()).isEqualTo(foreign);
        assertThat(failed)
                .isInstanceOfSatisfying(
                        BackupStep.Failed.class,
                        f -> assertThat(f.message())
                                .contains("the backup is running but no instance was recorded for it"));
    }

    @Test
    void instanceManagerSessionsFollowCloudNativePgsRule() {
        assertThat(BarmanObjectStoreExecutor.restartedSession("a", "a")).isFalse();
        assertThat(BarmanObjectStoreExecutor.restartedSession("a", "b")).isTrue();
        assertThat(BarmanObjectStoreExecutor.restartedSession(null, "b")).isTrue();
        assertThat(BarmanObjectStoreExecutor.restartedSession("a", null)).isFalse();
    }

    // ---- helpers

    private void assertRestarted(BackupStep step) {
        assertThat(step).isInstanceOfSatisfying(BackupStep.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("InstanceManagerRestarted");
            assertThat(f.message()).isEqualTo(RESTARTED + " (transient; gave up after 3 attempts)");
        });
    }

    private static void assertRetried(BackupStep step, String error, int failedAttempt) {
        assertThat(step).isInstanceOfSatisfying(BackupStep.Advance.class, a -> {
            assertThat(a.status().phase()).isEqualTo(BackupPhase.PENDING);
            assertThat(a.status().attempts()).isEqualTo(new BackupAttempts(failedAttempt, error, NOW));
            assertThat(a.notice().reason()).isEqualTo("RetryScheduled");
        });
    }

    /** {@code status} as the {@code count}th attempt. */
    private static BackupStatus attempt(BackupStatus status, int count) {
        return BackupStatusDraft.from(status)
                .attempts(new BackupAttempts(count, null, null))
                .build();
    }

    private void allUp(Archiver primaryArchiver) {
        instances.status("10.0.0.1", FakeInstanceClient.primary("s1", primaryArchiver));
        instances.status("10.0.0.2", FakeInstanceClient.replica("s2", "0/5000000", "0/5000000"));
        instances.status("10.0.0.3", FakeInstanceClient.replica("s3", "0/6000000", "0/5000000"));
    }

    private BackupRun run(Backup backup, Instant now) {
        return new BackupRun(backup, cluster, pods, now);
    }

    private static BackupStep.Advance advance(BackupStep step) {
        assertThat(step).isInstanceOf(BackupStep.Advance.class);
        return (BackupStep.Advance) step;
    }

    private static BackupStatus started(String pod, String container, String session) {
        return BackupStatusDraft.from(null)
                .phase(BackupPhase.STARTED)
                .instanceID(new InstanceID(pod, container, session))
                .backupName("backup-20261125100000")
                .reconciliationStartedAt(NOW)
                .build();
    }

    private static BackupStatus running(String pod, String container, String session) {
        return BackupStatusDraft.from(started(pod, container, session))
                .phase(BackupPhase.RUNNING)
                .build();
    }

    private static BackupStatus withReadyReason(BackupStatus status, String reason) {
        return BackupStatusDraft.from(status)
                .conditions(List.of(new ConditionBuilder()
                        .withType("Ready")
                        .withStatus("False")
                        .withReason(reason)
                        .build()))
                .build();
    }

    private static BackupJob job(BackupJob.Phase phase, BarmanBackupInfo info, String error) {
        return new BackupJob(
                "b",
                "s",
                phase,
                "backup-20261125100000",
                OffsetDateTime.parse("2026-11-25T10:00:01Z"),
                phase == BackupJob.Phase.RUNNING ? null : OffsetDateTime.parse("2026-11-25T10:00:13Z"),
                error,
                info,
                info == null ? null : List.of(info),
                null,
                null);
    }

    private static BarmanBackupInfo info(String endWal) {
        return new BarmanBackupInfo(
                "20261125T100002",
                "backup-20261125100000",
                "DONE",
                OffsetDateTime.parse("2026-11-25T10:00:02Z"),
                OffsetDateTime.parse("2026-11-25T10:00:12Z"),
                "000000010000000000000008",
                endWal,
                "0/8000028",
                "0/9000100",
                1,
                150018,
                null,
                null,
                null);
    }

    private static Backup backup(BackupStatus status) {
        Backup backup = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: b, namespace: ns, uid: u1}
                spec: {cluster: {name: pg}}
                """, Backup.class);
        backup.setStatus(status);
        return backup;
    }

    static Cluster cluster(String extra) {
        Cluster cluster = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg, namespace: ns}
                spec:
                  instances: 3
                  backup:
                    retentionPolicy: 30d
                    barmanObjectStore:
                      destinationPath: s3://backups/pg
                      endpointURL: http://s3.local:9000
                      s3Credentials:
                        accessKeyId: {name: s3-creds, key: ACCESS_KEY_ID}
                        secretAccessKey: {name: s3-creds, key: ACCESS_SECRET_KEY}
                status: {currentPrimary: pg-1, targetPrimary: pg-1}
                """ + extra, Cluster.class);
        return cluster;
    }

    static Pod pod(String name, String ip, String containerId) {
        return InstancePodFixture.pod(name, ip, containerId);
    }

    private static Pod notReady(Pod pod) {
        pod.getStatus().getConditions().get(0).setStatus("False");
        return pod;
    }
}
