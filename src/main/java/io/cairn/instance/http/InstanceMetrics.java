package io.cairn.instance.http;

import io.cairn.instance.api.ArchiveResult;
import io.cairn.instance.api.BackupTimes;
import io.cairn.instance.archive.ArchiveResultLog;
import io.cairn.instance.archive.ArchiveStatusDirectory;
import io.cairn.instance.backup.BackupJobs;
import io.cairn.instance.postgres.PostgresClient;
import io.cairn.instance.postgres.PostgresSnapshot;
import io.cairn.instance.postgres.PostgresSupervisor;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}. The {@code cnpg_*} families are CloudNativePG's, with its names, labels, types and
 * conventions (-1 for "never"), collected from PostgreSQL at scrape time, so CloudNativePG's dashboards and alerts
 * work unchanged. They are written directly rather than through Micrometer, whose Prometheus registry would append
 * {@code _total} to the two counters. The instance manager's own JVM metrics (Micrometer) follow.
 */
public final class InstanceMetrics {

    private final PostgresClient postgres;
    private final ArchiveStatusDirectory archiveStatus;
    private final ArchiveResultLog archiveResults;
    private final PostgresSupervisor supervisor;
    private final Supplier<String> micrometer;
    private final Supplier<BackupTimes> backupTimes;
    private final Supplier<BackupJobs.Counts> backupCounts;
    private final Map<String, AtomicLong> collectionErrors = new ConcurrentHashMap<>();

    public InstanceMetrics(
            PostgresClient postgres,
            ArchiveStatusDirectory archiveStatus,
            ArchiveResultLog archiveResults,
            PostgresSupervisor supervisor,
            Supplier<String> micrometer,
            Supplier<BackupTimes> backupTimes,
            Supplier<BackupJobs.Counts> backupCounts) {
        this.postgres = postgres;
        this.archiveStatus = archiveStatus;
        this.archiveResults = archiveResults;
        this.supervisor = supervisor;
        this.micrometer = micrometer;
        this.backupTimes = backupTimes;
        this.backupCounts = backupCounts;
    }

    public String scrape() {
        PostgresSnapshot snapshot = null;
        boolean up = postgres.acceptsConnections();
        if (up) {
            try {
                snapshot = PostgresSnapshot.take(postgres);
            } catch (RuntimeException e) {
                error("Collect.PgStatArchiver");
            }
        }
        long ready = 0;
        long done = 0;
        try {
            ready = archiveStatus.count(".ready");
            done = archiveStatus.count(".done");
        } catch (RuntimeException e) {
            error("Collect.PgWALArchiveStats");
        }
        Map<String, Long> errors = new TreeMap<>();
        collectionErrors.forEach((collector, count) -> errors.put(collector, count.get()));
        return render(
                        snapshot,
                        up,
                        ready,
                        done,
                        errors,
                        archiveResults,
                        supervisor.restarts(),
                        backupTimes.get(),
                        backupCounts.get())
                + micrometer.get();
    }

    private void error(String collector) {
        collectionErrors.computeIfAbsent(collector, c -> new AtomicLong()).incrementAndGet();
    }

    /**
     * The exposition; pure, for tests. {@code snapshot} is null when PostgreSQL could not be asked; {@code times}
     * null when the operator has not sent any.
     */
    static String render(
            PostgresSnapshot snapshot,
            boolean up,
            long ready,
            long done,
            Map<String, Long> errors,
            ArchiveResultLog archiveResults,
            int restarts,
            BackupTimes times,
            BackupJobs.Counts backups) {
        PrometheusText text = new PrometheusText();
        text.family("cnpg_collector_up", "gauge", "1 if PostgreSQL is up, 0 otherwise.")
                .sample("cnpg_collector_up", up ? 1 : 0);
        text.family(
                "cnpg_collector_collection_errors_total",
                "counter",
                "Total errors occurred accessing PostgreSQL for metrics.");
        errors.forEach((collector, count) ->
                text.sample("cnpg_collector_collection_errors_total", "collector", collector, count));
        text.family(
                        "cnpg_collector_pg_wal_archive_status",
                        "gauge",
                        "Number of WAL segments in the 'pg_wal/archive_status' directory (ready, done)")
                .sample("cnpg_collector_pg_wal_archive_status", "value", "ready", ready)
                .sample("cnpg_collector_pg_wal_archive_status", "value", "done", done);
        if (snapshot != null) {
            walSizes(text, snapshot);
            if (!snapshot.inRecovery() || "always".equals(snapshot.archiveMode())) {
                statArchiver(text, snapshot);
            }
            if (!snapshot.inRecovery()) {
                backupTimes(text, times == null ? new BackupTimes(null, null, null) : times);
            }
        }
        cairn(text, archiveResults, restarts);
        backups(text, backups);
        return text.toString();
    }

    private static void walSizes(PrometheusText text, PostgresSnapshot s) {
        double mbInSegments = 1024.0 * 1024.0 / s.walSegmentSize();
        text.family(
                        "cnpg_collector_pg_wal",
                        "gauge",
                        "Total size in bytes of WAL segments in the '/pg_wal' directory  (count, size, min, max, keep, "
                                + "slots_max); min, max, keep and slots_max in segments")
                .sample("cnpg_collector_pg_wal", "value", "count", s.walCount())
                .sample("cnpg_collector_pg_wal", "value", "size", s.walSize())
                .sample("cnpg_collector_pg_wal", "value", "min", Math.floor(s.minWalSizeMb() * mbInSegments))
                .sample("cnpg_collector_pg_wal", "value", "max", Math.floor(s.maxWalSizeMb() * mbInSegments))
                .sample("cnpg_collector_pg_wal", "value", "keep", Math.floor(s.walKeepSizeMb() * mbInSegments))
                .sample(
                        "cnpg_collector_pg_wal",
                        "value",
                        "slots_max",
                        s.maxSlotWalKeepSizeMb() < 0 ? -1 : Math.floor(s.maxSlotWalKeepSizeMb() * mbInSegments));
    }

    private static void statArchiver(PrometheusText text, PostgresSnapshot s) {
        String p = "cnpg_pg_stat_archiver_";
        text.family(p + "archived_count", "counter", "Number of WAL files that have been successfully archived")
                .sample(p + "archived_count", s.archivedCount());
        text.family(p + "failed_count", "counter", "Number of failed attempts for archiving WAL files")
                .sample(p + "failed_count", s.failedCount());
        text.family(p + "seconds_since_last_archival", "gauge", "Seconds since the last successful archival operation")
                .sample(p + "seconds_since_last_archival", secondsSince(s.now(), s.lastArchivedTime()));
        text.family(p + "seconds_since_last_failure", "gauge", "Seconds since the last failed archival operation")
                .sample(p + "seconds_since_last_failure", secondsSince(s.now(), s.lastFailedTime()));
        text.family(p + "last_archived_time", "gauge", "Epoch of the last time WAL archiving succeeded")
                .sample(p + "last_archived_time", epoch(s.lastArchivedTime()));
        text.family(p + "last_failed_time", "gauge", "Epoch of the last time WAL archiving failed")
                .sample(p + "last_failed_time", epoch(s.lastFailedTime()));
        text.family(p + "last_archived_wal_start_lsn", "gauge", "Archived WAL start LSN")
                .sample(p + "last_archived_wal_start_lsn", walStartLsn(s.lastArchivedWal()));
        text.family(p + "last_failed_wal_start_lsn", "gauge", "Last failed WAL LSN")
                .sample(p + "last_failed_wal_start_lsn", walStartLsn(s.lastFailedWal()));
        text.family(p + "stats_reset_time", "gauge", "Time at which these statistics were last reset")
                .sample(p + "stats_reset_time", epoch(s.statsReset()));
    }

    /** CloudNativePG exports these three on the primary only, 0 when the Cluster has no such time. */
    private static void backupTimes(PrometheusText text, BackupTimes times) {
        text.family(
                        "cnpg_collector_first_recoverability_point",
                        "gauge",
                        "The first point of recoverability for the cluster as a unix timestamp")
                .sample("cnpg_collector_first_recoverability_point", unixSeconds(times.firstRecoverabilityPoint()));
        text.family(
                        "cnpg_collector_last_available_backup_timestamp",
                        "gauge",
                        "The last available backup as a unix timestamp")
                .sample("cnpg_collector_last_available_backup_timestamp", unixSeconds(times.lastSuccessfulBackup()));
        text.family(
                        "cnpg_collector_last_failed_backup_timestamp",
                        "gauge",
                        "The last failed backup as a unix timestamp")
                .sample("cnpg_collector_last_failed_backup_timestamp", unixSeconds(times.lastFailedBackup()));
    }

    private static void backups(PrometheusText text, BackupJobs.Counts backups) {
        text.family(
                        "cairn_instance_backup_running",
                        "gauge",
                        "1 while this instance runs a barman-cloud-backup job, else 0")
                .sample("cairn_instance_backup_running", backups.running());
        text.family(
                        "cairn_instance_backups_total",
                        "counter",
                        "Backup jobs this instance manager finished since it started, by result")
                .sample("cairn_instance_backups_total", "result", "completed", backups.completed())
                .sample("cairn_instance_backups_total", "result", "failed", backups.failed());
    }

    static long unixSeconds(OffsetDateTime time) {
        return time == null ? 0 : time.toEpochSecond();
    }

    private static void cairn(PrometheusText text, ArchiveResultLog results, int restarts) {
        ArchiveResult last = results.last();
        text.family(
                        "cairn_instance_wal_archive_last_result",
                        "gauge",
                        "1 if the last WAL file PostgreSQL asked cairn wal-archive for was archived, 0 if it failed, "
                                + "-1 if none since the instance manager started")
                .sample("cairn_instance_wal_archive_last_result", last == null ? -1 : last.success() ? 1 : 0);
        text.family(
                        "cairn_instance_wal_archive_reported_total",
                        "counter",
                        "WAL files cairn wal-archive reported since the instance manager started, by result")
                .sample("cairn_instance_wal_archive_reported_total", "result", "archived", results.archivedCount())
                .sample("cairn_instance_wal_archive_reported_total", "result", "failed", results.failedCount());
        text.family(
                        "cairn_instance_postgres_restarts_total",
                        "counter",
                        "Times postgres exited on its own and was started again")
                .sample("cairn_instance_postgres_restarts_total", restarts);
    }

    static double secondsSince(OffsetDateTime now, OffsetDateTime then) {
        return then == null ? -1 : Duration.between(then, now).toMillis() / 1000.0;
    }

    static double epoch(OffsetDateTime time) {
        return time == null ? -1 : time.toInstant().toEpochMilli() / 1000.0;
    }

    /**
     * CloudNativePG's {@code last_archived_wal_start_lsn}: the (up to) 16 hex digits after the timeline of the file
     * name before its first dot, read as a 64-bit bit string ({@code 000000010000000000000003} gives
     * {@code 0x0000000000000003}); -1 for none.
     */
    static double walStartLsn(String walName) {
        if (walName == null || walName.isEmpty()) {
            return -1;
        }
        String stem = walName.split("\\.", 2)[0];
        String hex = stem.length() > 16 ? stem.substring(stem.length() - 16) : stem;
        if (hex.isEmpty() || !hex.matches("[0-9A-Fa-f]+")) {
            return -1;
        }
        long value = Long.parseUnsignedLong(hex, 16) << (4 * (16 - hex.length()));
        return (double) value;
    }
}
