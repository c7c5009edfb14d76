package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** The CNPG-I plugin that takes a backup with method {@code plugin}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupPluginConfiguration(
        @Required @JsonPropertyDescription("Name of the plugin managing this backup.")
        String name,

        @JsonPropertyDescription("Parameters passed to the plugin.")
        Map<String, String> parameters) {}
