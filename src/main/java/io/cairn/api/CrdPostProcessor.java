package io.cairn.api;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ScheduledBackup;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Finishes the generated CRDs where the fabric8 generator cannot express CloudNativePG's schema: the root requires
 * metadata and spec, printer columns keep their declared order, base64 fields are {@code format: byte}, and the
 * Cluster keeps the CloudNativePG fields Cairn does not model and merges its conditions by type. Configured by
 * {@code quarkus.operator-sdk.crd.post-processor}; runs at build time only.
 */
public class CrdPostProcessor implements CRDPostProcessor {

    private static final Map<String, Class<?>> RESOURCES = Map.of(
            "Backup", Backup.class,
            "ScheduledBackup", ScheduledBackup.class,
            "Cluster", Cluster.class);

    private static final Map<String, List<String>> BASE64_FIELDS =
            Map.of("Backup", List.of("status.backupLabelFile", "status.tablespaceMapFile"));

    private static final Map<String, List<String>> PRESERVED_OBJECTS = Map.of("Cluster", List.of("spec", "status"));

    /** Java-only components (Jackson any-setters) the generator lists as properties: dotted paths. */
    private static final Map<String, List<String>> NOT_IN_SCHEMA = Map.of("Cluster", List.of("spec.unmodelled"));

    /** Lists of objects whose items need a field, as in CloudNativePG's schema: path → field. */
    private static final Map<String, Map<String, String>> REQUIRED_ITEM_FIELDS =
            Map.of("Cluster", Map.of("spec.env", "name"));

    /** Lists of objects keyed by a field, so server-side apply merges them entry by entry: path → key. */
    private static final Map<String, Map<String, String>> MAP_LISTS =
            Map.of("Cluster", Map.of("status.conditions", "type", "status.instanceLsns", "name"));

    @Override
    public HasMetadata process(HasMetadata resource, String crdSpecVersion) {
        if (!(resource instanceof CustomResourceDefinition crd)) {
            return resource;
        }
        String kind = crd.getSpec().getNames().getKind();
        Class<?> type = RESOURCES.get(kind);
        if (type == null) {
            return crd;
        }
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
            root.setRequired(List.of("metadata", "spec"));
            addObjectHeader(root);
            BASE64_FIELDS
                    .getOrDefault(kind, List.of())
                    .forEach(path -> property(root, path).setFormat("byte"));
            PRESERVED_OBJECTS
                    .getOrDefault(kind, List.of())
                    .forEach(path -> property(root, path).setXKubernetesPreserveUnknownFields(true));
            NOT_IN_SCHEMA.getOrDefault(kind, List.of()).forEach(path -> removeProperty(root, path));
            MAP_LISTS.getOrDefault(kind, Map.of()).forEach((path, key) -> mapList(property(root, path), key));
            REQUIRED_ITEM_FIELDS
                    .getOrDefault(kind, Map.of())
                    .forEach((path, field) -> requireItemField(property(root, path), field));
            version.setAdditionalPrinterColumns(inDeclaredOrder(version.getAdditionalPrinterColumns(), type));
        }
        return crd;
    }

    private static void addObjectHeader(JSONSchemaProps root) {
        root.getProperties()
                .put(
                        "apiVersion",
                        new JSONSchemaPropsBuilder()
                                .withType("string")
                                .withDescription("The versioned schema of this representation of an object.")
                                .build());
        root.getProperties()
                .put(
                        "kind",
                        new JSONSchemaPropsBuilder()
                                .withType("string")
                                .withDescription("The REST resource this object represents.")
                                .build());
        root.getProperties()
                .put("metadata", new JSONSchemaPropsBuilder().withType("object").build());
    }

    private static void removeProperty(JSONSchemaProps root, String dottedPath) {
        int dot = dottedPath.lastIndexOf('.');
        property(root, dottedPath.substring(0, dot)).getProperties().remove(dottedPath.substring(dot + 1));
    }

    private static void mapList(JSONSchemaProps list, String key) {
        list.setXKubernetesListType("map");
        list.setXKubernetesListMapKeys(List.of(key));
        requireItemField(list, key);
    }

    private static void requireItemField(JSONSchemaProps list, String field) {
        JSONSchemaProps items = list.getItems().getSchema();
        List<String> required = new ArrayList<>(items.getRequired() == null ? List.of() : items.getRequired());
        if (!required.contains(field)) {
            required.add(field);
            items.setRequired(required);
        }
    }

    private static JSONSchemaProps property(JSONSchemaProps root, String dottedPath) {
        JSONSchemaProps current = root;
        for (String name : dottedPath.split("\\.")) {
            current = current.getProperties().get(name);
            if (current == null) {
                throw new IllegalStateException("CRD post-processing: no property " + dottedPath);
            }
        }
        return current;
    }

    private static List<CustomResourceColumnDefinition> inDeclaredOrder(
            List<CustomResourceColumnDefinition> columns, Class<?> type) {
        List<String> declared = Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name)
                .toList();
        List<CustomResourceColumnDefinition> ordered = new ArrayList<>(columns);
        ordered.sort(Comparator.comparingInt(column -> declared.indexOf(column.getName())));
        return ordered;
    }
}
