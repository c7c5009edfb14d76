package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** A CNPG-I plugin enabled for a cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PluginConfiguration(
        @Required @JsonPropertyDescription("The plugin name.")
        String name,

        @Default("true") @JsonPropertyDescription("Whether the plugin is enabled. Default: true.")
        Boolean enabled,

        @Default("false")
        @JsonPropertyDescription("Whether the plugin archives WAL. At most one plugin may, and not together with "
                + ".spec.backup.barmanObjectStore.")
        Boolean isWALArchiver,

        @JsonPropertyDescription("Parameters passed to the plugin.")
        Map<String, String> parameters) {}
