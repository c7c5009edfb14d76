package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which instance a backup runs on. */
public enum BackupTarget {
    /** Always the primary. */
    @JsonProperty("primary")
    PRIMARY("primary"),
    /** The most up-to-date ready standby, falling back to the primary. */
    @JsonProperty("prefer-standby")
    PREFER_STANDBY("prefer-standby");

    private final String value;

    BackupTarget(String value) {
        this.value = value;
    }

    /** The name used in manifests. */
    public String value() {
        return value;
    }
}
