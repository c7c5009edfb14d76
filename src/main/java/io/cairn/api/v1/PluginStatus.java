package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * CloudNativePG's {@code cluster.status.pluginStatus[]} entry: what a plugin the Cluster enables said about itself
 * when the operator registered it. Capabilities are the CNPG-I enum names ({@code TYPE_BACKUP_SERVICE},
 * {@code TYPE_ARCHIVE_WAL}, ...).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PluginStatus(
        @Required @JsonPropertyDescription("The plugin's name (Identity's GetPluginMetadata).")
        String name,

        @Required @JsonPropertyDescription("The plugin's version (Identity's GetPluginMetadata).")
        String version,

        @JsonPropertyDescription("The services the plugin implements (Identity's GetPluginCapabilities).")
        List<String> capabilities,

        @JsonPropertyDescription("The capabilities of the plugin's Operator service.")
        List<String> operatorCapabilities,

        @JsonPropertyDescription("The capabilities of the plugin's WAL service.")
        List<String> walCapabilities,

        @JsonPropertyDescription("The capabilities of the plugin's Backup service.")
        List<String> backupCapabilities,

        @JsonPropertyDescription("The capabilities of the plugin's RestoreJobHooks service.")
        List<String> restoreJobHookCapabilities,

        @JsonPropertyDescription("What the plugin's Operator service set as its status in the Cluster "
                + "(SetStatusInCluster; Cairn does not call it yet).")
        String status) {}
