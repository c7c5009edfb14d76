package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which object owns the Backups a ScheduledBackup creates (and so deletes them when it is deleted). */
public enum BackupOwnerReference {
    /** No owner: Backups outlive the ScheduledBackup and the Cluster. */
    @JsonProperty("none")
    NONE("none"),
    /** The ScheduledBackup. */
    @JsonProperty("self")
    SELF("self"),
    /** The Cluster. */
    @JsonProperty("cluster")
    CLUSTER("cluster");

    private final String value;

    BackupOwnerReference(String value) {
        this.value = value;
    }

    /** The name used in manifests. */
    public String value() {
        return value;
    }
}
