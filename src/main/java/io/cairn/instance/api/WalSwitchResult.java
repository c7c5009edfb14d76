package io.cairn.instance.api;

/**
 * What {@code pg_switch_wal()} returned.
 *
 * <p>{@code pg_switch_wal()} returns the end of the switch record, inside the segment it closed, and
 * {@code pg_walfile_name} names the segment holding it. With nothing written since the last switch it does nothing
 * and returns the start of the current segment, for which {@code pg_walfile_name} names the previous segment
 * (it maps a segment boundary to the segment that ends there). Either way {@code walFile} is the newest complete
 * segment: once it is archived, everything written before the call is archived.
 *
 * @param lsn the LSN it returned
 * @param walFile {@code pg_walfile_name(lsn)}: the newest complete segment, ready to be archived (or archived)
 * @param switched whether this call closed a segment ({@code false}: nothing was written since the last switch,
 *     {@code walFile} was closed earlier); read from {@code pg_walfile_name_offset(lsn)} being non-zero
 */
public record WalSwitchResult(String lsn, String walFile, boolean switched) {

    /** Without {@code switched} (a client that does not care), which then reads true. */
    public WalSwitchResult(String lsn, String walFile) {
        this(lsn, walFile, true);
    }
}
