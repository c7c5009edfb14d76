package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a backup is in its life. {@code completed} and {@code failed} are terminal. */
public enum BackupPhase {
    @JsonEnumDefaultValue
    @JsonProperty("")
    NEW(""),
    @JsonProperty("pending")
    PENDING("pending"),
    @JsonProperty("started")
    STARTED("started"),
    @JsonProperty("running")
    RUNNING("running"),
    @JsonProperty("finalizing")
    FINALIZING("finalizing"),
    @JsonProperty("completed")
    COMPLETED("completed"),
    @JsonProperty("failed")
    FAILED("failed"),
    @JsonProperty("walArchivingFailing")
    WAL_ARCHIVING_FAILING("walArchivingFailing"),
    @JsonProperty("invalid backup definition")
    INVALID_BACKUP_DEFINITION("invalid backup definition");

    private final String value;

    BackupPhase(String value) {
        this.value = value;
    }

    /** The name written to status.phase. */
    public String value() {
        return value;
    }

    /** Completed and failed backups are never touched again. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }
}
