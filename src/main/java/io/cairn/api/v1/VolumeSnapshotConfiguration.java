package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.Map;

/** How volume snapshot backups of the cluster are taken. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeSnapshotConfiguration(
        @JsonPropertyDescription("Labels added to the VolumeSnapshots.")
        Map<String, String> labels,

        @JsonPropertyDescription("Annotations added to the VolumeSnapshots.")
        Map<String, String> annotations,

        @JsonPropertyDescription("The VolumeSnapshotClass for the data volume, and the fallback for the others.")
        String className,

        @JsonPropertyDescription("The VolumeSnapshotClass for the WAL volume. Default: className.")
        String walClassName,

        @JsonPropertyDescription("The VolumeSnapshotClass per tablespace. Default: className.")
        Map<String, String> tablespaceClassName,

        @Default("none")
        @JsonPropertyDescription("The owner of the VolumeSnapshots: none (default), cluster or backup.")
        SnapshotOwnerReference snapshotOwnerReference,

        @Default("true") @JsonPropertyDescription("Hot (true, default) or cold (false) snapshots.")
        Boolean online,

        @Default("{\"immediateCheckpoint\":false,\"waitForArchive\":true}")
        @JsonPropertyDescription("How hot snapshots are taken.")
        OnlineConfiguration onlineConfiguration) {}
