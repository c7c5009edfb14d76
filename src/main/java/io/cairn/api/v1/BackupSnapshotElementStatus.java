package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** One VolumeSnapshot of a backup. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupSnapshotElementStatus(
        @Required @JsonPropertyDescription("The VolumeSnapshot name.")
        String name,

        @Required @JsonPropertyDescription("What the volume holds: PG_DATA, PG_WAL or PG_TABLESPACE.")
        String type,

        @JsonPropertyDescription("The tablespace, for PG_TABLESPACE volumes.")
        String tablespaceName) {}
