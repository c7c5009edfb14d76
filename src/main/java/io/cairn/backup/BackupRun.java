package io.cairn.backup;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.Cluster;
import java.time.Instant;

/** What a {@link BackupMethodExecutor} step gets: the Backup as last read, its Cluster, and now. */
public record BackupRun(Backup backup, Cluster cluster, Instant now) {
}
