package io.cairn.backup;

import io.cairn.api.v1.BackupStatus;
import io.cairn.instance.api.BackupJob;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What a {@link BackupMethodExecutor} step says happens next. */
public sealed interface BackupStep {

    /** The step made progress; call the executor again right away. */
    record Continue() implements BackupStep {}

    /**
     * Nothing to do until something else happens; the Backup stays (or becomes) {@code pending}, an Event with
     * {@code reason} and {@code message} says why (a Warning when {@code warning}), and the executor is asked again
     * after {@code retryAfter}.
     */
    record Wait(Duration retryAfter, String reason, String message, boolean warning) implements BackupStep {

        public Wait(Duration retryAfter, String reason, String message) {
            this(retryAfter, reason, message, false);
        }
    }

    /**
     * The backup moved on (or is still where it was): {@code status} is its new status (phase included; the
     * reconciler adds {@code observedGeneration} and the {@code Ready} condition from {@code notice}), and the
     * executor is asked again after {@code recheckAfter}.
     */
    record Advance(BackupStatus status, Notice notice, Duration recheckAfter) implements BackupStep {}

    /**
     * The backup is complete: {@code status} holds what the tool reported; {@code job}, when known, is the
     * instance's job with the catalogue and what retention did; {@code window}, when the method knows it (volume
     * snapshots), the method's recoverability window on the Cluster after this backup.
     */
    record Completed(BackupStatus status, Optional<BackupJob> job, Optional<RecoverabilityWindow> window)
            implements BackupStep {

        public Completed(BackupStatus status, Optional<BackupJob> job) {
            this(status, job, Optional.empty());
        }
    }

    /** The end times of a method's oldest and newest completed backups (CloudNativePG's backup times by method). */
    record RecoverabilityWindow(Instant firstRecoverabilityPoint, Instant lastSuccessfulBackup) {}

    /**
     * The backup failed for good: the Backup becomes {@code failed} with {@code message} as its error, keeping the
     * fields of {@code status} (what was recorded so far; null for none); {@code job} as in {@link Completed}.
     */
    record Failed(String reason, String message, BackupStatus status, Optional<BackupJob> job) implements BackupStep {

        public Failed(String reason, String message) {
            this(reason, message, null, Optional.empty());
        }
    }

    /**
     * Why the Backup is where it is: the {@code Ready} condition's reason and message, and the Event recorded when
     * the status changes ({@link Kind#NONE} for none).
     */
    record Notice(Kind kind, String reason, String message) {

        public enum Kind {
            NONE,
            NORMAL,
            WARNING
        }

        public static Notice normal(String reason, String message) {
            return new Notice(Kind.NORMAL, reason, message);
        }

        public static Notice warning(String reason, String message) {
            return new Notice(Kind.WARNING, reason, message);
        }

        public static Notice quiet(String reason, String message) {
            return new Notice(Kind.NONE, reason, message);
        }
    }
}
