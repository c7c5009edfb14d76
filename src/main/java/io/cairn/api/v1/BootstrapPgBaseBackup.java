package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Bootstrap by cloning a running cluster with pg_basebackup. Accepted for compatibility; not implemented. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BootstrapPgBaseBackup(
        @Required @Size(min = 1) @JsonPropertyDescription("The external cluster to clone.")
        String source,

        @JsonPropertyDescription("The application database.")
        String database,

        @JsonPropertyDescription("The owner of the application database.")
        String owner,

        @JsonPropertyDescription("The Secret with the owner's credentials.")
        LocalObjectReference secret) {}
