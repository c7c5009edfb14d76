package io.cairn.controller.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cairn.api.v1.Cluster;
import io.cairn.instance.api.InstanceConfig;
import io.cairn.testing.Golden;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every object a Cluster owns, as the operator would apply it, for sample Clusters ({@code src/test/resources/desired/})
 * held in golden files ({@code golden/desired/<sample>/<kind>.yaml}): a change to a pod, a claim, a Service, a Secret or
 * the instance configuration shows up as a diff a reviewer reads. Regenerate with {@code -Dcairn.golden.update=true}.
 */
class DesiredObjectsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final ClusterInstanceSettings SETTINGS = new ClusterResourcesTest().settings(Duration.ofSeconds(2));

    static List<String> samples() {
        return List.of("minimal", "every-option", "google-cloud-storage");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void podsOfThePrimaryAndOfAStandby(String sample) {
        Cluster cluster = sample(sample);
        assertGolden(
                sample,
                "pods",
                List.of(
                        InstancePods.pod(cluster, ClusterResources.instanceName(cluster, 1), true, SETTINGS),
                        InstancePods.pod(cluster, ClusterResources.instanceName(cluster, 2), false, SETTINGS)));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void claimsOfAnInstance(String sample) {
        Cluster cluster = sample(sample);
        String instance = ClusterResources.instanceName(cluster, 1);
        assertGolden(
                sample,
                "claims",
                cluster.getSpec().walStorage() == null
                        ? List.of(InstanceClaims.dataClaim(cluster, instance))
                        : List.of(
                                InstanceClaims.dataClaim(cluster, instance),
                                InstanceClaims.walClaim(cluster, instance)));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void services(String sample) {
        assertGolden(sample, "services", ClusterServices.services(sample(sample)));
    }

    /** Passwords from a seeded generator, so the file is stable; the operator's are random. */
    @ParameterizedTest
    @MethodSource("samples")
    void generatedSecrets(String sample) {
        assertGolden(sample, "secrets", ClusterSecrets.secrets(sample(sample), new PasswordGenerator(new Random(1))));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void instanceConfiguration(String sample) {
        assertGolden(sample, "config", List.of(InstanceConfigs.instanceConfig(sample(sample))));
    }

    /** The first instance of a Cluster bootstrapped by recovery: its primary configuration recovers, not initdb. */
    @ParameterizedTest
    @ValueSource(strings = {"google-cloud-storage"})
    void instanceConfigurationOfARecovery(String sample) {
        Cluster cluster = sample(sample);
        InstanceConfig.Recovery recovery = new InstanceConfig.Recovery(
                ClusterResources.barmanObjectStore(cluster),
                "origin",
                "20261207T101500",
                "2026-12-07T10:30:00Z",
                null,
                null,
                Map.of("max_connections", "100"),
                "app",
                "app");
        assertGolden(sample, "config-recovery", List.of(InstanceConfigs.instanceConfig(cluster, recovery, true)));
    }

    private static void assertGolden(String sample, String kind, List<? extends HasMetadata> objects) {
        Golden.assertMatches(
                "desired/" + sample + "/" + kind + ".yaml",
                objects.stream().map(DesiredObjectsTest::yaml).collect(Collectors.joining()));
    }

    /** As Serialization.asYaml, with map entries (labels, selectors, data) sorted: Map.of iterates in any order. */
    private static String yaml(HasMetadata object) {
        try {
            return YAML.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Cluster sample(String name) {
        try {
            return Serialization.unmarshal(
                    Files.readString(Path.of("src/test/resources/desired", name + ".yaml")), Cluster.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
