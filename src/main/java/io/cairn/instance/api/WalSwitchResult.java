package io.cairn.instance.api;

/**
 * What {@code pg_switch_wal()} returned.
 *
 * @param lsn the LSN it returned (the end of the closed segment)
 * @param walFile {@code pg_walfile_name(lsn)}: the segment that is now ready to be archived
 */
public record WalSwitchResult(String lsn, String walFile) {
}
