package io.cairn.backup.volumesnapshot;

import java.util.Map;

/**
 * A PersistentVolumeClaim of the backed-up instance, as a snapshot is made of it.
 *
 * @param tablespaceName the tablespace, for {@link SnapshotRole#PG_TABLESPACE}, else null
 */
public record InstanceClaim(
        String name,
        SnapshotRole role,
        String tablespaceName,
        Map<String, String> labels,
        Map<String, String> annotations) {}
