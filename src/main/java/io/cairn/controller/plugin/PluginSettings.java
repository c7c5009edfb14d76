package io.cairn.controller.plugin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the operator discovers and calls CNPG-I plugins; see docs/configuration.md. */
@ConfigMapping(prefix = "cairn.plugins")
public interface PluginSettings {

    /** The namespace whose Services are plugins' (CloudNativePG: the operator's own). */
    String namespace();

    /**
     * How a plugin's Service is dialled: {@code service-dns}, {@code <service>.<namespace>.svc} as CloudNativePG
     * does (an operator in the cluster); {@code cluster-ip}, the Service's ClusterIP, for an operator outside the
     * cluster's DNS (the tests on the local runtime). The TLS server name is the same either way.
     */
    @WithDefault("service-dns")
    Dial dial();

    /** The deadline of each call made while registering a plugin. */
    @WithDefault("10s")
    Duration callTimeout();

    /** The first wait before trying again to register a plugin that could not be reached; doubled each time. */
    @WithDefault("5s")
    Duration retryMin();

    /** The longest wait before trying again to register a plugin. */
    @WithDefault("5m")
    Duration retryMax();

    enum Dial {
        SERVICE_DNS,
        CLUSTER_IP
    }
}
