package io.cairn.instance.backup;

import static io.cairn.instance.backup.FakeBarman.failed;
import static io.cairn.instance.backup.FakeBarman.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.DataBackupConfiguration;
import io.cairn.api.v1.DataCompression;
import io.cairn.api.v1.S3Credentials;
import io.cairn.api.v1.SecretKeySelector;
import io.cairn.instance.api.BackupJob;
import io.cairn.instance.api.BackupRequest;
import io.cairn.instance.api.BarmanBackupInfo;
import io.cairn.instance.barman.BarmanCapabilities;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup job's life with a scripted barman: what runs, in which order, and what the job then says. */
class BackupJobsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    private static final String SHOW = resource("backup-show-primary.json");
    private static final String LIST = resource("backup-list-with-failed.json");
    private static final String LIST_AFTER_RETENTION = """
            {"backups_list": [{"backup_id": "20261125T175229", "status": "DONE",
              "begin_time": "Wed Nov 25 17:52:29 2026", "end_time": "Wed Nov 25 17:52:30 2026"}]}""";

    @TempDir
    Path runDir;

    private final FakeBarman barman = new FakeBarman();
    private BackupJobs jobs;

    @AfterEach
    void close() {
        barman.releaseBackup();
        if (jobs != null) {
            jobs.close();
        }
    }

    @Test
    void aCompletedBackupReportsWhatBarmanShowsAndTheCatalog() {
        barman.answer("barman-cloud-backup-show", ok(SHOW)).answer("barman-cloud-backup-list", ok(LIST));
        BackupJobs.Submission submission = jobs().submit(request("nightly", DataCompression.BZIP2, null));
        assertThat(submission.outcome()).isEqualTo(BackupJobs.Outcome.STARTED);
        assertThat(submission.job().phase()).isEqualTo(BackupJob.Phase.RUNNING);
        assertThat(submission.job().acceptedAt()).isEqualTo(OffsetDateTime.parse("2026-11-25T12:00:00Z"));

        BackupJob job = finished("nightly");
        assertThat(job.phase()).isEqualTo(BackupJob.Phase.COMPLETED);
        assertThat(job.sessionId()).isEqualTo("session-1");
        assertThat(job.error()).isNull();
        assertThat(job.backup().backupId()).isEqualTo("20261125T175220");
        assertThat(job.backup().compression())
                .as("barman says None; the request said bzip2")
                .isEqualTo("bzip2");
        assertThat(job.catalog()).extracting(BarmanBackupInfo::backupId).hasSize(3);
        assertThat(job.retention()).isNull();
        assertThat(job.finishedAt()).isNotNull();

        assertThat(barman.calls())
                .extracting(FakeBarman.Call::program)
                .containsExactly("barman-cloud-backup", "barman-cloud-backup-show", "barman-cloud-backup-list");
        FakeBarman.Call backup = barman.calls().get(0);
        assertThat(String.join(" ", backup.command()))
                .isEqualTo("barman-cloud-backup --user postgres --name "
                        + "backup-20261125120000 --bzip2 --cloud-provider aws-s3 s3://bucket/it srv");
        assertThat(backup.env())
                .containsEntry("TZ", "UTC")
                .containsEntry("PGHOST", runDir.toString())
                .containsEntry("PGPORT", "5432")
                .containsEntry("TMPDIR", runDir.resolve("backup").toString());
        assertThat(runDir.resolve("backup")).isDirectory();
        assertThat(barman.calls().get(1).command()).endsWith("backup-20261125120000");
    }

    @Test
    void aFailedBackupCarriesBarmansMessageAndTheCatalogIsStillListed() {
        barman.answer("barman-cloud-backup", failed(4, resource("backup-403.stderr")))
                .answer("barman-cloud-backup-list", ok(LIST));
        jobs().submit(request("nightly", null, null));
        BackupJob job = finished("nightly");
        assertThat(job.phase()).isEqualTo(BackupJob.Phase.FAILED);
        assertThat(job.error())
                .isEqualTo("Barman cloud backup exception: An error occurred (403) when calling the "
                        + "HeadBucket operation: Forbidden");
        assertThat(job.backup()).isNull();
        assertThat(job.catalog()).hasSize(3);
        assertThat(barman.calls()).extracting(FakeBarman.Call::program).doesNotContain("barman-cloud-backup-show");
    }

    @Test
    void exitCode3IsCloudNativePgsInvalidArgumentsMessage() {
        barman.answer("barman-cloud-backup", failed(3, "barman-cloud-backup: error: unrecognized arguments: --x\n"));
        jobs().submit(request("nightly", null, null));
        assertThat(finished("nightly").error())
                .isEqualTo("invalid arguments for barman-cloud-backup. Ensure that "
                        + "the additionalCommandArgs field is correctly populated (barman-cloud-backup: error: "
                        + "unrecognized arguments: --x)");
    }

    @Test
    void retentionReportsTheBackupsTheCatalogLost() {
        barman.answer("barman-cloud-backup-show", ok(SHOW))
                .answer("barman-cloud-backup-list", ok(LIST), ok(LIST_AFTER_RETENTION));
        jobs().submit(request("nightly", null, "7d"));
        BackupJob job = finished("nightly");
        assertThat(job.phase()).isEqualTo(BackupJob.Phase.COMPLETED);
        assertThat(job.retention())
                .isEqualTo(
                        new BackupJob.Retention("7d", java.util.List.of("20261125T175220", "20261125T175231"), null));
        assertThat(job.catalog()).extracting(BarmanBackupInfo::backupId).containsExactly("20261125T175229");
        assertThat(barman.calls())
                .extracting(FakeBarman.Call::program)
                .containsExactly(
                        "barman-cloud-backup",
                        "barman-cloud-backup-show",
                        "barman-cloud-backup-list",
                        "barman-cloud-backup-delete",
                        "barman-cloud-backup-list");
        assertThat(barman.calls().get(3).command()).containsSequence("--retention-policy", "RECOVERY WINDOW OF 7 DAYS");
    }

    @Test
    void aFailedDeleteDoesNotFailTheBackup() {
        barman.answer("barman-cloud-backup-show", ok(SHOW))
                .answer("barman-cloud-backup-list", ok(LIST))
                .answer("barman-cloud-backup-delete", failed(1, "2026-11-25 12:00:00,000 [1] ERROR: Access Denied\n"));
        jobs().submit(request("nightly", null, "30d"));
        BackupJob job = finished("nightly");
        assertThat(job.phase()).isEqualTo(BackupJob.Phase.COMPLETED);
        assertThat(job.retention().removedBackupIds()).isEmpty();
        assertThat(job.retention().error()).isEqualTo("barman-cloud-backup-delete exited with 1: Access Denied");
    }

    @Test
    void anUnreadableShowFailsTheJobAndAFailedListIsACatalogError() {
        barman.answer("barman-cloud-backup-show", failed(1, "ERROR: Unknown backup 'x' for server 'srv'\n"))
                .answer("barman-cloud-backup-list", failed(1, "ERROR: Bucket bucket does not exist\n"));
        jobs().submit(request("nightly", null, null));
        BackupJob job = finished("nightly");
        assertThat(job.phase()).isEqualTo(BackupJob.Phase.FAILED);
        assertThat(job.error())
                .startsWith("barman-cloud-backup succeeded but its result cannot be read")
                .contains("Unknown backup");
        assertThat(job.catalog()).isNull();
        assertThat(job.catalogError())
                .isEqualTo("barman-cloud-backup-list exited with 1: Bucket bucket does not " + "exist");
    }

    @Test
    void oneAtATimeAndIdempotentByName() throws Exception {
        barman.holdBackup().answer("barman-cloud-backup-show", ok(SHOW)).answer("barman-cloud-backup-list", ok(LIST));
        BackupJobs jobs = jobs();
        assertThat(jobs.submit(request("first", null, null)).outcome()).isEqualTo(BackupJobs.Outcome.STARTED);
        assertThat(barman.awaitBackupStarted()).isTrue();
        assertThat(jobs.submit(request("first", null, null)).outcome()).isEqualTo(BackupJobs.Outcome.EXISTING);
        BackupJobs.Submission second = jobs.submit(request("second", null, null));
        assertThat(second.outcome()).isEqualTo(BackupJobs.Outcome.CONFLICT);
        assertThat(second.job().backupName()).isEqualTo("first");
        assertThat(jobs.get("second")).isEmpty();
        assertThat(jobs.counts()).isEqualTo(new BackupJobs.Counts(1, 0, 0));

        barman.releaseBackup();
        assertThat(finished("first").phase()).isEqualTo(BackupJob.Phase.COMPLETED);
        assertThat(jobs.submit(request("first", null, null)).job().phase())
                .as("a finished job is still the job")
                .isEqualTo(BackupJob.Phase.COMPLETED);
        assertThat(jobs.submit(request("second", null, null)).outcome()).isEqualTo(BackupJobs.Outcome.STARTED);
        finished("second");
        assertThat(jobs.counts()).isEqualTo(new BackupJobs.Counts(0, 2, 0));
    }

    @Test
    void closingKillsTheRunningBackupAndRunsNothingAfterIt() throws Exception {
        barman.holdBackup();
        BackupJobs jobs = jobs();
        jobs.submit(request("nightly", null, "7d"));
        assertThat(barman.awaitBackupStarted()).isTrue();
        jobs.close();
        BackupJob job = jobs.get("nightly").orElseThrow();
        assertThat(job.phase()).isEqualTo(BackupJob.Phase.FAILED);
        assertThat(job.error()).contains("instance manager stopped");
        assertThat(barman.calls()).extracting(FakeBarman.Call::program).containsExactly("barman-cloud-backup");
        assertThat(jobs.submit(request("later", null, null)).outcome()).isEqualTo(BackupJobs.Outcome.INVALID);
    }

    @Test
    void cancellingTheRunningJobKillsBarmanAndTheNextJobRuns() throws Exception {
        barman.holdBackup().answer("barman-cloud-backup-show", ok(SHOW)).answer("barman-cloud-backup-list", ok(LIST));
        BackupJobs jobs = jobs();
        jobs.submit(request("stuck", null, "7d"));
        assertThat(barman.awaitBackupStarted()).isTrue();

        assertThat(jobs.cancel("stuck")).map(BackupJob::backupName).contains("stuck");
        BackupJob cancelled = finished("stuck");

        assertThat(cancelled.phase()).isEqualTo(BackupJob.Phase.FAILED);
        assertThat(cancelled.error()).isEqualTo("cancelled by the operator");
        assertThat(barman.calls())
                .as("nothing runs after a cancelled barman, not even retention")
                .extracting(FakeBarman.Call::program)
                .containsExactly("barman-cloud-backup");
        assertThat(jobs.cancel("stuck")).as("a finished job stays as it is").contains(cancelled);
        assertThat(jobs.cancel("never")).isEmpty();

        barman.releaseBackup();
        jobs.submit(request("next", null, null));
        assertThat(finished("next").phase()).isEqualTo(BackupJob.Phase.COMPLETED);
    }

    @Test
    void invalidRequestsRunNothing() {
        BackupJobs jobs = jobs();
        assertThat(jobs.submit(new BackupRequest(" ", "b", store(null), "srv", null))
                        .message())
                .isEqualTo("backupName is required");
        assertThat(jobs.submit(new BackupRequest("n", null, store(null), "srv", null))
                        .message())
                .isEqualTo("barmanName is required");
        assertThat(jobs.submit(new BackupRequest("n", "b", null, "srv", null)).message())
                .isEqualTo("barmanObjectStore is required");
        assertThat(jobs.submit(request("n", DataCompression.LZ4, null)).message())
                .contains("no --lz4");
        assertThat(jobs.submit(request("n", null, "1y")).message()).contains("retentionPolicy '1y'");
        assertThat(barman.calls()).isEmpty();
        assertThat(jobs.get("n")).isEmpty();
    }

    private BackupJobs jobs() {
        jobs = BackupJobs.create("session-1", barman, runDir, 5432, BarmanCapabilities.BARMAN_3_4, CLOCK);
        return jobs;
    }

    private BackupJob finished(String name) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jobs.get(name).orElseThrow().phase() != BackupJob.Phase.RUNNING);
        return jobs.get(name).orElseThrow();
    }

    private static BackupRequest request(String name, DataCompression compression, String policy) {
        return new BackupRequest(name, "backup-20261125120000", store(compression), "srv", policy);
    }

    private static BarmanObjectStoreConfiguration store(DataCompression compression) {
        DataBackupConfiguration data =
                compression == null ? null : new DataBackupConfiguration(compression, null, null, null, null, null);
        return new BarmanObjectStoreConfiguration(
                new S3Credentials(new SecretKeySelector("s", "a"), new SecretKeySelector("s", "b"), null, null, null),
                null,
                null,
                null,
                null,
                "s3://bucket/it",
                null,
                null,
                data,
                null,
                null);
    }

    private static String resource(String name) {
        try (InputStream in = BackupJobsTest.class.getResourceAsStream("/barman/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
