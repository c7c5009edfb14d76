package io.cairn.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.PluginStatus;
import io.cairn.plugin.PluginDescription;
import io.cairn.plugin.PluginMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A Cluster's enabled plugins against the registered ones: CloudNativePG's pluginStatus and unknown-plugin phase. */
class ClusterPluginsTest {

    private static final PluginDescription BARMAN_CLOUD = new PluginDescription(
            new PluginMetadata("barman-cloud.cloudnative-pg.io", "0.15.0", "", "", "", "", "", "", "", "", Map.of()),
            List.of("TYPE_RECONCILER_HOOKS", "TYPE_LIFECYCLE_SERVICE", "TYPE_INSTANCE_SIDECAR_INJECTION"),
            List.of(),
            List.of(),
            List.of(),
            List.of("KIND_CLUSTER", "KIND_BACKUP"),
            List.of(),
            List.of(),
            List.of("Pod"));

    private static Cluster cluster(String plugins) {
        return Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: cluster-example, namespace: ns}
                spec:
                  instances: 1
                  storage: {size: 1Gi}
                %s
                """.formatted(plugins), Cluster.class);
    }

    private static Optional<PluginDescription> registered(String name) {
        return name.equals(BARMAN_CLOUD.name()) ? Optional.of(BARMAN_CLOUD) : Optional.empty();
    }

    @Test
    void aRegisteredPluginTheClusterEnablesIsInItsStatusAsCloudNativePgShowsIt() {
        ClusterPlugins.Resolution resolution = ClusterPlugins.resolve(
                cluster(
                        "  plugins: [{name: barman-cloud.cloudnative-pg.io, isWALArchiver: true, parameters: {barmanObjectName: minio-store}}]"),
                ClusterPluginsTest::registered);

        assertThat(resolution.unknown()).isEmpty();
        assertThat(resolution.statuses())
                .containsExactly(new PluginStatus(
                        "barman-cloud.cloudnative-pg.io",
                        "0.15.0",
                        List.of("TYPE_RECONCILER_HOOKS", "TYPE_LIFECYCLE_SERVICE", "TYPE_INSTANCE_SIDECAR_INJECTION"),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        null));
        assertThat(Serialization.asJson(resolution.statuses().get(0)))
                .isEqualTo(
                        "{\"name\":\"barman-cloud.cloudnative-pg.io\",\"version\":\"0.15.0\",\"capabilities\":"
                                + "[\"TYPE_RECONCILER_HOOKS\",\"TYPE_LIFECYCLE_SERVICE\",\"TYPE_INSTANCE_SIDECAR_INJECTION\"]}");
    }

    @Test
    void anEnabledPluginThatIsNotRegisteredIsNamedWithCloudNativePgsReason() {
        ClusterPlugins.Resolution resolution = ClusterPlugins.resolve(
                cluster("  plugins: [{name: barman-cloud.cloudnative-pg.io}, {name: missing.example.com}, {name: x}]"),
                ClusterPluginsTest::registered);

        assertThat(resolution.statuses()).extracting(PluginStatus::name).containsExactly(BARMAN_CLOUD.name());
        assertThat(resolution.unknown()).contains("missing.example.com");
        assertThat(resolution.unknownReason())
                .isEqualTo("Unknown plugin: 'missing.example.com'. This may be caused by the plugin not being loaded "
                        + "correctly by the operator. Check the operator and plugin logs for errors");
    }

    @Test
    void aDisabledPluginOrNoPluginsNeedNothing() {
        ClusterPlugins.Resolution disabled = ClusterPlugins.resolve(
                cluster("  plugins: [{name: missing.example.com, enabled: false}]"), ClusterPluginsTest::registered);
        ClusterPlugins.Resolution none = ClusterPlugins.resolve(cluster(""), ClusterPluginsTest::registered);

        assertThat(disabled.unknown()).isEmpty();
        assertThat(disabled.statuses()).isEmpty();
        assertThat(none.unknown()).isEmpty();
        assertThat(none.statuses()).isEmpty();
    }
}
