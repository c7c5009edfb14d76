package io.cairn.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.CnpgReference;
import io.cairn.testing.SharedControlPlane;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRDs the API server serves, as installed from target/kubernetes, match CloudNativePG's: every property path of
 * Backup and ScheduledBackup with the same schema facets, the same CEL rules, printer columns and subresources; and
 * every Cluster property Cairn models has CloudNativePG's type at CloudNativePG's path.
 */
class CrdCompatibilityIT {

    /**
     * Cairn's extensions to CloudNativePG's schema (and everything below them): observedGeneration on both kinds,
     * ScheduledBackup's timeZone, spreadWindow, catchUp and spreadOffset, conditions on all kinds
     * (ScheduleValid/ScheduleExplicit; the Backup's Ready), and the Cluster's per-instance WAL positions
     * (instanceLsns), the backup deadline (the Backup's and the Cluster's default) and the Backup's attempts.
     */
    private static final List<String> OUR_ADDITIONS = List.of(
            ".status.observedGeneration",
            ".spec.timeZone",
            ".spec.spreadWindow",
            ".spec.catchUp",
            ".status.spreadOffset",
            ".status.conditions",
            ".status.instanceLsns",
            ".spec.deadline",
            ".spec.backup.deadline",
            ".status.attempts");

    private static KubernetesClient client;

    @BeforeAll
    static void startControlPlane() {
        client = SharedControlPlane.newClient();
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"backups", "scheduledbackups"})
    void everyCloudNativePgPropertyIsServedWithTheSameSchema(String plural) {
        Map<String, String> reference =
                facetsByPath(referenceVersion(plural).getSchema().getOpenAPIV3Schema());
        Map<String, String> served =
                facetsByPath(servedVersion(plural).getSchema().getOpenAPIV3Schema());

        Map<String, String> servedForReferencePaths = new TreeMap<>();
        reference.keySet().forEach(path -> servedForReferencePaths.put(path, served.get(path)));
        assertThat(servedForReferencePaths).isEqualTo(reference);
        assertThat(served.keySet())
                .containsAll(reference.keySet())
                .allMatch(path -> reference.containsKey(path) || isOurAddition(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"backups", "scheduledbackups", "clusters"})
    void printerColumnsSubresourcesAndNamesAreCloudNativePgs(String plural) {
        CustomResourceDefinition reference = referenceCrd(plural);
        CustomResourceDefinition served = servedCrd(plural);
        CustomResourceDefinitionVersion referenceVersion =
                reference.getSpec().getVersions().get(0);
        CustomResourceDefinitionVersion servedVersion =
                served.getSpec().getVersions().get(0);

        assertThat(served.getSpec().getScope()).isEqualTo(reference.getSpec().getScope());
        assertThat(served.getSpec().getNames().getKind())
                .isEqualTo(reference.getSpec().getNames().getKind());
        assertThat(served.getSpec().getNames().getPlural())
                .isEqualTo(reference.getSpec().getNames().getPlural());
        assertThat(columns(servedVersion)).isEqualTo(columns(referenceVersion));
        assertThat(servedVersion.getSubresources()).isEqualTo(referenceVersion.getSubresources());
        assertThat(servedVersion.getSchema().getOpenAPIV3Schema().getRequired()).containsExactly("metadata", "spec");
    }

    @ParameterizedTest
    @ValueSource(strings = {"backups", "scheduledbackups"})
    void celRulesOfCloudNativePgAreAllPresent(String plural) {
        Map<String, List<String>> reference =
                rulesByPath(referenceVersion(plural).getSchema().getOpenAPIV3Schema());
        Map<String, List<String>> served =
                rulesByPath(servedVersion(plural).getSchema().getOpenAPIV3Schema());

        reference.forEach((path, rules) -> assertThat(served.get(path)).as(path).containsAll(rules));
    }

    @org.junit.jupiter.api.Test
    void everyModelledClusterPropertyHasCloudNativePgsTypeAtCloudNativePgsPath() {
        Map<String, String> reference =
                typesByPath(referenceVersion("clusters").getSchema().getOpenAPIV3Schema());
        Map<String, String> served =
                typesByPath(servedVersion("clusters").getSchema().getOpenAPIV3Schema());

        Map<String, String> referenceForServedPaths = new TreeMap<>();
        served.keySet().stream()
                .filter(path -> !isOurAddition(path))
                .forEach(path -> referenceForServedPaths.put(path, reference.get(path)));
        Map<String, String> servedWithoutAdditions = new TreeMap<>(served);
        servedWithoutAdditions.keySet().removeIf(CrdCompatibilityIT::isOurAddition);
        assertThat(servedWithoutAdditions).isEqualTo(referenceForServedPaths);
        assertThat(served)
                .containsKeys(
                        ".spec.backup.barmanObjectStore.s3Credentials.accessKeyId.key",
                        ".spec.bootstrap.recovery.recoveryTarget.targetTime",
                        ".spec.externalClusters[].barmanObjectStore",
                        ".spec.plugins[].isWALArchiver",
                        ".status.firstRecoverabilityPointByMethod{}",
                        ".status.lastSuccessfulBackup",
                        ".status.conditions[].type");
    }

    private static boolean isOurAddition(String path) {
        return OUR_ADDITIONS.stream()
                .anyMatch(addition ->
                        path.equals(addition) || path.startsWith(addition + ".") || path.startsWith(addition + "["));
    }

    /** Type, format, enum (as a set), default, pattern, bounds and required children of each property path. */
    private static Map<String, String> facetsByPath(JSONSchemaProps root) {
        Map<String, String> facets = new TreeMap<>();
        walk(
                root,
                "",
                (path, schema) -> facets.put(
                        path,
                        String.join(
                                " ",
                                "type=" + schema.getType(),
                                "format=" + schema.getFormat(),
                                "enum="
                                        + (schema.getEnum() == null
                                                ? null
                                                : new TreeSet<>(schema.getEnum().stream()
                                                        .map(Objects::toString)
                                                        .toList())),
                                "default=" + schema.getDefault(),
                                "pattern=" + schema.getPattern(),
                                "minimum="
                                        + (schema.getMinimum() == null
                                                ? null
                                                : schema.getMinimum().doubleValue()),
                                "maximum="
                                        + (schema.getMaximum() == null
                                                ? null
                                                : schema.getMaximum().doubleValue()),
                                "minLength=" + schema.getMinLength(),
                                "required="
                                        + (schema.getRequired() == null
                                                ? null
                                                : new TreeSet<>(schema.getRequired())))));
        return facets;
    }

    private static Map<String, String> typesByPath(JSONSchemaProps root) {
        Map<String, String> types = new TreeMap<>();
        walk(root, "", (path, schema) -> types.put(path, schema.getType()));
        return types;
    }

    private static Map<String, List<String>> rulesByPath(JSONSchemaProps root) {
        Map<String, List<String>> rules = new TreeMap<>();
        walk(root, "", (path, schema) -> {
            List<ValidationRule> validations = schema.getXKubernetesValidations();
            if (validations != null && !validations.isEmpty()) {
                rules.put(
                        path,
                        validations.stream()
                                .map(r -> r.getRule() + " => " + r.getMessage())
                                .toList());
            }
        });
        return rules;
    }

    private interface Visitor {
        void visit(String path, JSONSchemaProps schema);
    }

    private static void walk(JSONSchemaProps schema, String path, Visitor visitor) {
        visitor.visit(path, schema);
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, child) -> walk(child, path + "." + name, visitor));
        }
        if (schema.getItems() != null && schema.getItems().getSchema() != null) {
            walk(schema.getItems().getSchema(), path + "[]", visitor);
        }
        if (schema.getAdditionalProperties() != null
                && schema.getAdditionalProperties().getSchema() != null) {
            walk(schema.getAdditionalProperties().getSchema(), path + "{}", visitor);
        }
    }

    private static List<String> columns(CustomResourceDefinitionVersion version) {
        List<String> columns = new ArrayList<>();
        for (CustomResourceColumnDefinition column : version.getAdditionalPrinterColumns()) {
            columns.add(String.join(
                    "|",
                    column.getName(),
                    column.getJsonPath(),
                    column.getType(),
                    String.valueOf(column.getPriority() == null ? 0 : column.getPriority())));
        }
        return columns;
    }

    private static CustomResourceDefinitionVersion referenceVersion(String plural) {
        return referenceCrd(plural).getSpec().getVersions().get(0);
    }

    private static CustomResourceDefinitionVersion servedVersion(String plural) {
        return servedCrd(plural).getSpec().getVersions().get(0);
    }

    private static CustomResourceDefinition servedCrd(String plural) {
        return client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(plural + ".postgresql.cnpg.io")
                .get();
    }

    private static CustomResourceDefinition referenceCrd(String plural) {
        try (InputStream in = Files.newInputStream(CnpgReference.crd(plural))) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
