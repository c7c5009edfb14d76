package io.cairn.controller.cluster;

import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.PluginConfiguration;
import io.cairn.api.v1.PluginStatus;
import io.cairn.plugin.PluginDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The plugins a Cluster enables ({@code spec.plugins[]} not {@code enabled: false}) against the ones the operator
 * registered: CloudNativePG's {@code status.pluginStatus} for those it knows, and its phase when one is unknown (the
 * Cluster is then not reconciled further, as in CloudNativePG).
 */
final class ClusterPlugins {

    static final String PHASE_UNKNOWN_PLUGIN =
            "Cluster cannot proceed to reconciliation due to an unknown plugin being required";
    static final String UNKNOWN_PLUGIN = "UnknownPlugin";

    /**
     * @param statuses the registered plugins the Cluster enables, in its order
     * @param unknown the first enabled plugin that is not registered
     */
    record Resolution(List<PluginStatus> statuses, Optional<String> unknown) {

        /** CloudNativePG's {@code phaseReason} for an unknown plugin. */
        String unknownReason() {
            return "Unknown plugin: '" + unknown.orElseThrow() + "'. "
                    + "This may be caused by the plugin not being loaded correctly by the operator. "
                    + "Check the operator and plugin logs for errors";
        }
    }

    private ClusterPlugins() {}

    static Resolution resolve(Cluster cluster, Function<String, Optional<PluginDescription>> registered) {
        List<PluginConfiguration> plugins =
                cluster.getSpec() == null ? null : cluster.getSpec().plugins();
        List<PluginStatus> statuses = new ArrayList<>();
        Optional<String> unknown = Optional.empty();
        for (PluginConfiguration plugin : plugins == null ? List.<PluginConfiguration>of() : plugins) {
            if (Boolean.FALSE.equals(plugin.enabled())) {
                continue;
            }
            Optional<PluginDescription> description = registered.apply(plugin.name());
            if (description.isPresent()) {
                statuses.add(status(description.get()));
            } else if (unknown.isEmpty()) {
                unknown = Optional.of(plugin.name());
            }
        }
        return new Resolution(List.copyOf(statuses), unknown);
    }

    static PluginStatus status(PluginDescription description) {
        return new PluginStatus(
                description.name(),
                description.metadata().version(),
                description.services(),
                description.operatorCapabilities(),
                description.walCapabilities(),
                description.backupCapabilities(),
                description.restoreJobHookCapabilities(),
                null);
    }
}
