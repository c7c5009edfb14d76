package io.cairn.controller.plugin;

import io.cairn.plugin.PluginDescription;
import io.cairn.plugin.PluginTls;

/**
 * A plugin the operator registered: where it is dialled, how, and what it said it can do.
 *
 * @param service the Service that announced it ({@code <namespace>/<name>})
 * @param address {@code <service>.<namespace>.svc:<port>}, as CloudNativePG names it
 * @param host the host the operator dials ({@link PluginSettings#dial()})
 */
public record AvailablePlugin(
        String service, String address, String host, int port, PluginTls tls, PluginDescription description) {

    public String name() {
        return description.name();
    }
}
