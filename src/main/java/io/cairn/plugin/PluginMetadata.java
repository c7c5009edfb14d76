package io.cairn.plugin;

import java.util.Map;

/** Identity's GetPluginMetadata answer: who the plugin is. */
public record PluginMetadata(
        String name,
        String version,
        String displayName,
        String description,
        String projectUrl,
        String repositoryUrl,
        String license,
        String licenseUrl,
        String maturity,
        String vendor,
        Map<String, String> manifest) {

    public PluginMetadata {
        manifest = Map.copyOf(manifest);
    }
}
