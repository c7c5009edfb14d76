package io.cairn.backup;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.Cluster;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;

/**
 * What a {@link BackupMethodExecutor} step gets: the Backup as last read, its Cluster, the Cluster's instance pods
 * (as the operator's cache has them) and now.
 */
public record BackupRun(Backup backup, Cluster cluster, List<Pod> pods, Instant now) {}
