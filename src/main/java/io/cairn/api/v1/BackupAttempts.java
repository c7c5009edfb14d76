package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.Instant;

/** Cairn extension: how many times a backup was started and why the last attempt failed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupAttempts(
        @JsonPropertyDescription("How many attempts were started (1 for a backup that was never retried).")
        Integer count,

        @JsonPropertyDescription("Why the last failed attempt failed (a transient failure, retried).")
        String lastError,

        @JsonPropertyDescription(
                "When the last failed attempt failed; the next attempt starts after a back-off " + "from this time.")
        Instant lastFailureAt) {

    /** The attempts started so far, 0 for none. */
    public int started() {
        return count == null ? 0 : count;
    }
}
