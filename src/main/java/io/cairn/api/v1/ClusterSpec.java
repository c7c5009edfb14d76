package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;

/**
 * The parts of CloudNativePG's Cluster spec that Cairn implements. Every other CloudNativePG field is kept as given
 * (the spec preserves unknown fields) and reported as not implemented.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// CloudNativePG fields Cairn does not model are preserved by the API server; the operator ignores them.
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterSpec(
        @Required
        @Default("1")
        @Min(1)
        @SpecReplicas
        @JsonPropertyDescription("The number of instances: one primary and instances-1 streaming standbys.")
        Integer instances,
        @JsonPropertyDescription("The PostgreSQL container image. Cairn's local runtime uses the PostgreSQL "
                + "installed on the node and only reads the major version from the tag.")
        String imageName,
        @PreserveUnknownFields
        @JsonPropertyDescription("PostgreSQL configuration.")
        PostgresConfiguration postgresql,
        @JsonPropertyDescription("How the cluster gets its data: initdb (default) or recovery.")
        BootstrapConfiguration bootstrap,
        @JsonPropertyDescription("The data volume of each instance.")
        StorageConfiguration storage,
        @JsonPropertyDescription("A separate WAL volume for each instance.")
        StorageConfiguration walStorage,
        @JsonPropertyDescription("Backups and continuous WAL archiving.")
        BackupConfiguration backup,
        @JsonPropertyDescription("Other clusters this one refers to, e.g. as a recovery source.")
        List<ExternalCluster> externalClusters,
        @JsonPropertyDescription("CNPG-I plugins enabled for this cluster.")
        List<PluginConfiguration> plugins) {
}
