package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The VolumeSnapshots that make up a volume snapshot backup. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SnapshotBackupStatus(
        @JsonPropertyDescription("The snapshots taken, one per volume.")
        List<BackupSnapshotElementStatus> elements) {}
