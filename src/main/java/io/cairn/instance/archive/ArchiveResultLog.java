package io.cairn.instance.archive;

import io.cairn.instance.api.ArchiveResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the instance manager knows of archiving from {@code cairn wal-archive}'s reports: the last result for a file
 * PostgreSQL asked for (the future ContinuousArchiving condition: true after a success, false with barman's message
 * after a failure), the last failure, and counts. In memory: after a restart it is empty until the next archive.
 */
public final class ArchiveResultLog {

    private volatile ArchiveResult last;
    private volatile ArchiveResult lastFailure;
    private final AtomicLong archived = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public void record(List<ArchiveResult> results) {
        for (ArchiveResult result : results) {
            if (result.success()) {
                archived.incrementAndGet();
            } else {
                failed.incrementAndGet();
                lastFailure = result;
            }
            if (result.requested()) {
                last = result;
            }
        }
    }

    /** The last result for a file PostgreSQL asked for, or null. */
    public ArchiveResult last() {
        return last;
    }

    public ArchiveResult lastFailure() {
        return lastFailure;
    }

    /** Files reported archived, the ones archived ahead in parallel included. */
    public long archivedCount() {
        return archived.get();
    }

    public long failedCount() {
        return failed.get();
    }
}
