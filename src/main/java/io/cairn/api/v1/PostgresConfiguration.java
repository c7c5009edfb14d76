package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** PostgreSQL configuration. CloudNativePG's other options here are kept as given. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// pg_hba, pg_ident, shared_preload_libraries and the rest are preserved, not read.
@JsonIgnoreProperties(ignoreUnknown = true)
public record PostgresConfiguration(
        @JsonPropertyDescription("postgresql.conf parameters. Parameters that archiving, replication and recovery "
                + "depend on are managed by Cairn.")
        Map<String, String> parameters) {}
