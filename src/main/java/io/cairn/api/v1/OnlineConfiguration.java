package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** How a hot (online) volume snapshot backup brackets the snapshot with pg_backup_start/stop. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OnlineConfiguration(
        @Default("true")
        @JsonPropertyDescription(
                "If false, pg_backup_stop does not wait for the WAL needed by the backup to be archived. "
                        + "Only safe when archiving is monitored some other way. Default: true.")
        Boolean waitForArchive,

        @JsonPropertyDescription("Request an immediate checkpoint at the start of the backup (the 'fast' argument of "
                + "pg_backup_start) instead of a spread one. Default: false.")
        Boolean immediateCheckpoint) {}
