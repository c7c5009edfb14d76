package io.cairn.controller.plugin;

import java.util.Optional;

/**
 * The plugins the operator can call, as discovery keeps them ({@link PluginDiscoveryReconciler}); what the Cluster
 * and Backup code asks "is plugin X registered, and what can it do".
 */
public interface PluginRegistry {

    Optional<AvailablePlugin> find(String name);

    /**
     * Makes {@code plugin} the registration of its name, unless another Service already registered that name: then
     * nothing changes and the other registration is returned.
     */
    Optional<AvailablePlugin> register(AvailablePlugin plugin);

    /** Forgets the plugin {@code service} registered, if any. */
    void forgetService(String service);
}
