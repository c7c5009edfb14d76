package io.cairn.controller.plugin;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The operator's one {@link PluginRegistry}: it lives as long as the process (discovery fills it on start). */
@ApplicationScoped
public class InMemoryPluginRegistry implements PluginRegistry {

    private final Map<String, AvailablePlugin> byName = new ConcurrentHashMap<>();

    @Override
    public Optional<AvailablePlugin> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Optional<AvailablePlugin> register(AvailablePlugin plugin) {
        AvailablePlugin kept = byName.compute(
                plugin.name(),
                (name, existing) ->
                        existing == null || existing.service().equals(plugin.service()) ? plugin : existing);
        return kept == plugin ? Optional.empty() : Optional.of(kept);
    }

    @Override
    public void forgetService(String service) {
        byName.values().removeIf(plugin -> plugin.service().equals(service));
    }
}
