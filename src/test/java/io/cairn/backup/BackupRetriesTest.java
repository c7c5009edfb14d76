package io.cairn.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.BackupAttempts;
import io.cairn.backup.BackupRetries.AfterFailure;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which failed attempts are tried again, and after how long. */
class BackupRetriesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final BackupRetries RETRIES = new BackupRetries(4, Duration.ofSeconds(30), Duration.ofSeconds(90));

    @Test
    void aTransientFailureWithAttemptsLeftIsRetriedAfterTheBackOff() {
        AfterFailure after =
                RETRIES.afterFailure(new BackupAttempts(1, null, null), FailureKind.TRANSIENT, "503 SlowDown", NOW);

        assertThat(after)
                .isEqualTo(new AfterFailure.Retry(
                        new BackupAttempts(1, "503 SlowDown", NOW), NOW.plus(Duration.ofSeconds(30))));
    }

    @Test
    void aPermanentFailureGivesUpAtOnceWithItsOwnMessage() {
        AfterFailure after =
                RETRIES.afterFailure(new BackupAttempts(1, null, null), FailureKind.PERMANENT, "(403) Forbidden", NOW);

        assertThat(after)
                .isEqualTo(new AfterFailure.GiveUp(new BackupAttempts(1, "(403) Forbidden", NOW), "(403) Forbidden"));
    }

    @Test
    void theLastAttemptGivesUpSayingHowManyWereMade() {
        AfterFailure after =
                RETRIES.afterFailure(new BackupAttempts(4, "x", NOW), FailureKind.TRANSIENT, "timed out", NOW);

        assertThat(after)
                .isEqualTo(new AfterFailure.GiveUp(
                        new BackupAttempts(4, "timed out", NOW), "timed out (transient; gave up after 4 attempts)"));
        assertThat(new BackupRetries(1, Duration.ofSeconds(30), Duration.ofSeconds(90))
                        .afterFailure(null, FailureKind.TRANSIENT, "timed out", NOW))
                .as("one attempt in all turns retries off")
                .isInstanceOf(AfterFailure.GiveUp.class);
    }

    @Test
    void theBackOffDoublesUpToItsBound() {
        assertThat(RETRIES.backoffAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RETRIES.backoffAfter(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(RETRIES.backoffAfter(3)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RETRIES.backoffAfter(30)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void theNextAttemptIsDueOneBackOffAfterTheLastFailure() {
        assertThat(RETRIES.nextAttemptAt(new BackupAttempts(2, "x", NOW))).contains(NOW.plusSeconds(60));
        assertThat(RETRIES.nextAttemptAt(new BackupAttempts(1, null, null))).isEmpty();
        assertThat(RETRIES.nextAttemptAt(null)).isEmpty();
    }
}
