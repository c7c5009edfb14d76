package io.cairn.instance.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.instance.api.ArchiveResult;
import io.cairn.instance.api.BackupTimes;
import io.cairn.instance.archive.ArchiveResultLog;
import io.cairn.instance.backup.BackupJobs;
import io.cairn.instance.postgres.PostgresSnapshot;
import io.cairn.testing.Golden;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceMetricsTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-25T12:00:10Z");
    private static final BackupJobs.Counts IDLE = new BackupJobs.Counts(0, 0, 0);
    private static final BackupTimes TIMES = new BackupTimes(
            OffsetDateTime.parse("2026-11-20T10:00:05Z"), OffsetDateTime.parse("2026-11-25T10:00:07Z"), null);

    private static PostgresSnapshot primary() {
        return new PostgresSnapshot(
                false,
                1,
                "0/3000060",
                null,
                null,
                null,
                7,
                "000000010000000000000007",
                OffsetDateTime.parse("2026-11-25T12:00:00Z"),
                2,
                "000000010000000000000005",
                OffsetDateTime.parse("2026-11-25T11:59:00Z"),
                OffsetDateTime.parse("2026-11-25T11:00:00Z"),
                NOW,
                "on",
                16 * 1024 * 1024,
                80,
                1024,
                512,
                -1,
                9,
                9L * 16 * 1024 * 1024);
    }

    @Test
    void cloudNativePgFamiliesOnAPrimary() {
        ArchiveResultLog results = new ArchiveResultLog();
        results.record(
                List.of(new ArchiveResult("000000010000000000000007", true, "ok", Instant.EPOCH, Instant.EPOCH, true)));
        String text = InstanceMetrics.render(
                primary(),
                true,
                2,
                5,
                Map.of("Collect.PgStatArchiver", 1L),
                results,
                0,
                TIMES,
                new BackupJobs.Counts(1, 3, 1));
        Golden.assertMatches("instance/metrics-primary.txt", text);
    }

    @Test
    void aReplicaHasNoArchiverFamiliesUnlessItArchivesItself() {
        PostgresSnapshot p = primary();
        PostgresSnapshot replica = new PostgresSnapshot(
                true,
                1,
                null,
                "0/3000060",
                "0/3000060",
                "streaming",
                0,
                null,
                null,
                0,
                null,
                null,
                p.statsReset(),
                NOW,
                "on",
                p.walSegmentSize(),
                80,
                1024,
                512,
                -1,
                3,
                3L * 16 * 1024 * 1024);
        String text = InstanceMetrics.render(replica, true, 0, 0, Map.of(), new ArchiveResultLog(), 0, TIMES, IDLE);
        assertThat(text).contains("cnpg_collector_pg_wal{value=\"count\"} 3").doesNotContain("cnpg_pg_stat_archiver_");
        assertThat(text)
                .as("CloudNativePG exports the backup times on the primary only")
                .doesNotContain(
                        "cnpg_collector_first_recoverability_point",
                        "cnpg_collector_last_available_backup_timestamp",
                        "cnpg_collector_last_failed_backup_timestamp");
        assertThat(text).contains("cairn_instance_wal_archive_last_result -1");
    }

    @Test
    void postgresDownStillAnswers() {
        String text = InstanceMetrics.render(null, false, 3, 0, Map.of(), new ArchiveResultLog(), 2, null, IDLE);
        assertThat(text)
                .contains(
                        "cnpg_collector_up 0",
                        "cnpg_collector_pg_wal_archive_status{value=\"ready\"} 3",
                        "cairn_instance_postgres_restarts_total 2")
                .doesNotContain("cnpg_collector_pg_wal{");
    }

    @Test
    void backupTimesAreUnixSecondsAndZeroWhenUnknown() {
        String text = InstanceMetrics.render(primary(), true, 0, 0, Map.of(), new ArchiveResultLog(), 0, TIMES, IDLE);
        assertThat(text)
                .contains(
                        "cnpg_collector_first_recoverability_point 1795168805\n",
                        "cnpg_collector_last_available_backup_timestamp 1795600807\n",
                        "cnpg_collector_last_failed_backup_timestamp 0\n");
        String none = InstanceMetrics.render(primary(), true, 0, 0, Map.of(), new ArchiveResultLog(), 0, null, IDLE);
        assertThat(none)
                .contains(
                        "cnpg_collector_first_recoverability_point 0\n",
                        "cnpg_collector_last_available_backup_timestamp 0\n");
    }

    @Test
    void walStartLsnIsCloudNativePgs() {
        assertThat(InstanceMetrics.walStartLsn("000000010000000000000007")).isEqualTo(7);
        assertThat(InstanceMetrics.walStartLsn("0000000100000002000000A0")).isEqualTo(0x2000000A0L);
        assertThat(InstanceMetrics.walStartLsn("000000010000000000000029.00000028.backup"))
                .isEqualTo(0x29);
        assertThat(InstanceMetrics.walStartLsn("00000002.history")).isEqualTo(0x0000000200000000L);
        assertThat(InstanceMetrics.walStartLsn(null)).isEqualTo(-1);
    }
}
