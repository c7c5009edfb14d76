package io.cairn.backup;

import java.time.Duration;

/** What a {@link BackupMethodExecutor} step says happens next. */
public sealed interface BackupStep {

    /** The step made progress; call the executor again right away. */
    record Continue() implements BackupStep {
    }

    /**
     * Nothing to do until something else happens; the Backup stays (or becomes) {@code pending}, an Event of type
     * Normal with {@code reason} and {@code message} says why, and the executor is asked again after
     * {@code retryAfter}.
     */
    record Wait(Duration retryAfter, String reason, String message) implements BackupStep {
    }

    /** The backup is complete. */
    record Completed() implements BackupStep {
    }

    /** The backup failed for good: the Backup becomes {@code failed} with {@code message} as its error. */
    record Failed(String reason, String message) implements BackupStep {
    }
}
