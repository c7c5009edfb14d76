package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which object owns the VolumeSnapshots of a backup. */
public enum SnapshotOwnerReference {
    @JsonProperty("none")
    NONE,
    @JsonProperty("cluster")
    CLUSTER,
    @JsonProperty("backup")
    BACKUP
}
