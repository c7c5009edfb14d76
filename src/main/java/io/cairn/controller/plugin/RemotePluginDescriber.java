package io.cairn.controller.plugin;

import io.cairn.plugin.PluginCallException;
import io.cairn.plugin.PluginConnection;
import io.cairn.plugin.PluginDescription;
import io.cairn.plugin.PluginTls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Over mutual TLS 1.3, one connection per registration, closed once the plugin answered. */
@ApplicationScoped
public class RemotePluginDescriber implements PluginDescriber {

    @Inject
    PluginSettings settings;

    @Override
    public PluginDescription describe(String host, int port, PluginTls tls) throws PluginCallException {
        try (PluginConnection connection = PluginConnection.remote(host, port, tls, settings.callTimeout())) {
            return connection.client().describe();
        }
    }
}
