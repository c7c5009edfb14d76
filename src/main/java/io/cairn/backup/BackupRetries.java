package io.cairn.backup;

import io.cairn.api.v1.BackupAttempts;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a failed backup attempt is tried again, and when (Cairn extension): a transient failure is retried up to
 * {@code maxAttempts} attempts in all, after a back-off that doubles from {@code backoff} up to {@code maxBackoff};
 * a permanent one, or the last allowed attempt, fails the backup. Pure.
 */
public record BackupRetries(int maxAttempts, Duration backoff, Duration maxBackoff) {

    public static BackupRetries of(BackupSettings settings) {
        return new BackupRetries(settings.maxAttempts(), settings.retryBackoff(), settings.maxRetryBackoff());
    }

    /** What follows a failed attempt. */
    public sealed interface AfterFailure {

        /** Try again at {@code at}; {@code attempts} records the failure. */
        record Retry(BackupAttempts attempts, Instant at) implements AfterFailure {}

        /** Fail the backup with {@code message}; {@code attempts} records the failure. */
        record GiveUp(BackupAttempts attempts, String message) implements AfterFailure {}
    }

    /** The attempt that failed at {@code now} with {@code error}, of the {@code attempts} started so far. */
    public AfterFailure afterFailure(BackupAttempts attempts, FailureKind kind, String error, Instant now) {
        int started = Math.max(1, attempts == null ? 0 : attempts.started());
        BackupAttempts recorded = new BackupAttempts(started, error, now);
        if (kind == FailureKind.PERMANENT) {
            return new AfterFailure.GiveUp(recorded, error);
        }
        if (started >= maxAttempts) {
            return new AfterFailure.GiveUp(
                    recorded,
                    error + " (transient; gave up after " + started + (started == 1 ? " attempt" : " attempts") + ")");
        }
        return new AfterFailure.Retry(recorded, now.plus(backoffAfter(started)));
    }

    /** When the next attempt may start: after the back-off from the last failure; empty when none failed. */
    public Optional<Instant> nextAttemptAt(BackupAttempts attempts) {
        if (attempts == null || attempts.lastFailureAt() == null) {
            return Optional.empty();
        }
        return Optional.of(attempts.lastFailureAt().plus(backoffAfter(Math.max(1, attempts.started()))));
    }

    /** The back-off after {@code failed} failed attempts: {@code backoff}, doubled each time, at most {@code maxBackoff}. */
    Duration backoffAfter(int failed) {
        Duration wait = backoff;
        for (int i = 1; i < failed && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
