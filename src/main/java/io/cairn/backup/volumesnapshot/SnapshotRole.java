package io.cairn.backup.volumesnapshot;

/** What a snapshotted claim holds: CloudNativePG's {@code cnpg.io/pvcRole} and the element type of the status. */
public enum SnapshotRole {
    PG_DATA, PG_WAL, PG_TABLESPACE
}
