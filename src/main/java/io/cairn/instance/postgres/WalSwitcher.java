package io.cairn.instance.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cairn.instance.api.InstanceJson;
import io.cairn.instance.api.WalSwitchResult;

/**
 * {@code POST /pg/wal-switch}: on a primary, an optional {@code CHECKPOINT}, then {@code pg_switch_wal()}, so the
 * current segment is archived now rather than at archive_timeout (a standby backup is restorable only once its
 * end WAL is archived). See {@link WalSwitchResult} for what the answer names.
 */
public final class WalSwitcher {

    static final String SWITCH = """
            SELECT json_build_object('lsn', l::text, 'walFile', pg_walfile_name(l),
                                     'switched', (pg_walfile_name_offset(l)).file_offset <> 0)
            FROM pg_switch_wal() l""";

    private final PostgresClient postgres;

    public WalSwitcher(PostgresClient postgres) {
        this.postgres = postgres;
    }

    /**
     * @throws NotPrimaryException on a standby (PostgreSQL in recovery cannot switch WAL)
     * @throws PostgresClient.PostgresException when PostgreSQL cannot be asked
     */
    public WalSwitchResult switchWal(boolean checkpoint) {
        if ("t".equals(postgres.queryValue("SELECT pg_is_in_recovery()"))) {
            throw new NotPrimaryException();
        }
        if (checkpoint) {
            postgres.execute("CHECKPOINT;");
        }
        String json = postgres.queryValue(SWITCH);
        try {
            return InstanceJson.MAPPER.readValue(json, WalSwitchResult.class);
        } catch (JsonProcessingException e) {
            throw new PostgresClient.PostgresException("unexpected answer to pg_switch_wal: " + json);
        }
    }

    /** This instance is a standby. */
    public static final class NotPrimaryException extends RuntimeException {
        public NotPrimaryException() {
            super("this instance is a standby: only the primary can switch WAL");
        }
    }
}
