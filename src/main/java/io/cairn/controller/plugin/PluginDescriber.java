package io.cairn.controller.plugin;

import io.cairn.plugin.PluginCallException;
import io.cairn.plugin.PluginDescription;
import io.cairn.plugin.PluginTls;

/** Connects to a plugin's Service and asks what it is and can do (CloudNativePG's {@code LoadPlugin}). */
public interface PluginDescriber {

    PluginDescription describe(String host, int port, PluginTls tls) throws PluginCallException;
}
