package io.cairn.instance.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cairn.instance.api.InstanceJson;
import io.cairn.instance.api.InstanceStatus;
import java.time.OffsetDateTime;

/**
 * One look at PostgreSQL, taken with a single query: role, timeline, LSNs, {@code pg_stat_archiver} and the WAL
 * sizes behind {@code cnpg_collector_pg_wal}. Serves both {@code /pg/status} and {@code /metrics}.
 */
public record PostgresSnapshot(
        boolean inRecovery,
        Integer timeline,
        String currentLsn,
        String receivedLsn,
        String replayedLsn,
        String walReceiverStatus,
        long archivedCount,
        String lastArchivedWal,
        OffsetDateTime lastArchivedTime,
        long failedCount,
        String lastFailedWal,
        OffsetDateTime lastFailedTime,
        OffsetDateTime statsReset,
        OffsetDateTime now,
        String archiveMode,
        long walSegmentSize,
        long minWalSizeMb,
        long maxWalSizeMb,
        long walKeepSizeMb,
        long maxSlotWalKeepSizeMb,
        long walCount,
        long walSize) {

    /** The query; the timeline of a primary is the one of its current WAL file. */
    public static final String QUERY = """
            SELECT json_build_object(
              'inRecovery', pg_is_in_recovery(),
              'timeline', CASE WHEN pg_is_in_recovery()
                  THEN COALESCE((SELECT received_tli FROM pg_stat_wal_receiver),
                                (SELECT timeline_id FROM pg_control_checkpoint()))
                  ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END,
              'currentLsn', CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn()::text END,
              'receivedLsn', pg_last_wal_receive_lsn()::text,
              'replayedLsn', pg_last_wal_replay_lsn()::text,
              'walReceiverStatus', (SELECT status FROM pg_stat_wal_receiver),
              'archivedCount', a.archived_count,
              'lastArchivedWal', a.last_archived_wal,
              'lastArchivedTime', a.last_archived_time,
              'failedCount', a.failed_count,
              'lastFailedWal', a.last_failed_wal,
              'lastFailedTime', a.last_failed_time,
              'statsReset', a.stats_reset,
              'now', now(),
              'archiveMode', current_setting('archive_mode'),
              'walSegmentSize', (SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size'),
              'minWalSizeMb', (SELECT setting::bigint FROM pg_settings WHERE name = 'min_wal_size'),
              'maxWalSizeMb', (SELECT setting::bigint FROM pg_settings WHERE name = 'max_wal_size'),
              'walKeepSizeMb', (SELECT setting::bigint FROM pg_settings WHERE name = 'wal_keep_size'),
              'maxSlotWalKeepSizeMb', (SELECT setting::bigint FROM pg_settings WHERE name = 'max_slot_wal_keep_size'),
              'walCount', (SELECT count(*) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$'),
              'walSize', (SELECT COALESCE(sum(size), 0) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$'))
            FROM pg_stat_archiver a""";

    public static PostgresSnapshot take(PostgresClient postgres) {
        String json = postgres.queryValue(QUERY);
        try {
            return InstanceJson.MAPPER.readValue(json, PostgresSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new PostgresClient.PostgresException("unexpected answer to the status query: " + json);
        }
    }

    public String role() {
        return inRecovery ? InstanceStatus.REPLICA : InstanceStatus.PRIMARY;
    }
}
