package io.cairn.backup.volumesnapshot;

import java.util.Optional;

/** What a snapshotted claim holds: CloudNativePG's {@code cnpg.io/pvcRole} and the element type of the status. */
public enum SnapshotRole {
    PG_DATA,
    PG_WAL,
    PG_TABLESPACE;

    /** The role a {@code cnpg.io/pvcRole} value names; empty for none or one Cairn does not know. */
    static Optional<SnapshotRole> of(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(valueOf(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
