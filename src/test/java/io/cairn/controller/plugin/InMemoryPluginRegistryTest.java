package io.cairn.controller.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.plugin.PluginDescription;
import io.cairn.plugin.PluginMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One registration per plugin name, owned by the Service that made it. */
class InMemoryPluginRegistryTest {

    private final InMemoryPluginRegistry registry = new InMemoryPluginRegistry();

    static AvailablePlugin plugin(String service, String name, String version) {
        PluginMetadata metadata = new PluginMetadata(name, version, "", "", "", "", "", "", "", "", Map.of());
        return new AvailablePlugin(
                service,
                "barman-cloud.cnpg-system.svc:9090",
                "barman-cloud.cnpg-system.svc",
                9090,
                null,
                new PluginDescription(
                        metadata,
                        List.of(PluginDescription.RECONCILER_HOOKS),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of("KIND_CLUSTER"),
                        List.of(),
                        List.of(),
                        List.of()));
    }

    @Test
    void aRegisteredPluginIsFoundByNameUntilItsServiceIsForgotten() {
        AvailablePlugin plugin = plugin("cnpg-system/barman-cloud", "barman-cloud.cloudnative-pg.io", "0.15.0");

        assertThat(registry.register(plugin)).isEmpty();
        assertThat(registry.find("barman-cloud.cloudnative-pg.io")).contains(plugin);
        assertThat(registry.find("other")).isEmpty();

        registry.forgetService("cnpg-system/other");
        assertThat(registry.find("barman-cloud.cloudnative-pg.io")).contains(plugin);
        registry.forgetService("cnpg-system/barman-cloud");
        assertThat(registry.find("barman-cloud.cloudnative-pg.io")).isEmpty();
    }

    @Test
    void theSameServiceReplacesItsRegistrationAnotherServiceDoesNot() {
        AvailablePlugin first = plugin("cnpg-system/barman-cloud", "p", "1");
        AvailablePlugin upgraded = plugin("cnpg-system/barman-cloud", "p", "2");
        AvailablePlugin impostor = plugin("cnpg-system/impostor", "p", "3");

        registry.register(first);
        assertThat(registry.register(upgraded)).isEmpty();
        assertThat(registry.register(impostor)).contains(upgraded);
        assertThat(registry.find("p")).contains(upgraded);
    }
}
