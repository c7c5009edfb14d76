package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a ScheduledBackup does with slots that passed unserved (operator down, suspended, a backup still running). */
public enum CatchUpPolicy {
    /** They collapse into one catch-up backup for the first missed slot, as in CloudNativePG. */
    @JsonProperty("once")
    ONCE("once"),
    /** They are skipped: the schedule waits for its next slot. */
    @JsonProperty("none")
    NONE("none");

    private final String value;

    CatchUpPolicy(String value) {
        this.value = value;
    }

    /** The name used in manifests. */
    public String value() {
        return value;
    }
}
