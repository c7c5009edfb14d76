package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The parts of CloudNativePG's Cluster spec that Cairn implements. Every other CloudNativePG field is kept as given
 * (the spec preserves unknown fields), carried in {@link #unmodelled()} so that a write of the spec keeps it, and
 * reported as not implemented.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
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

        @PreserveUnknownFields @JsonPropertyDescription("PostgreSQL configuration.")
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
        List<PluginConfiguration> plugins,

        @Default("false")
        @JsonPropertyDescription("When this option is enabled, the operator will use the `SuperuserSecret` to update "
                + "the `postgres` user password (if the secret is not present, the operator will automatically "
                + "create one). When this option is disabled, the operator will ignore the `SuperuserSecret` "
                + "content, delete it when automatically created, and then blank the password of the `postgres` "
                + "user by setting it to `NULL`. Disabled by default.")
        Boolean enableSuperuserAccess,

        @JsonPropertyDescription("The secret containing the superuser password. If not defined a new secret will be "
                + "created with a randomly generated password")
        LocalObjectReference superuserSecret,

        @JsonPropertyDescription(
                "Env follows the Env format to pass environment variables to the pods created in " + "the cluster")
        List<EnvVar> env,
        // The top-level CloudNativePG fields Cairn does not model, as given; CrdPostProcessor removes this
        // component from the schema (the generator lists it although Jackson reads and writes it as the spec's
        // other fields).
        @JsonAnySetter Map<String, Object> unmodelled) {

    public ClusterSpec {
        unmodelled = unmodelled == null ? new LinkedHashMap<>() : unmodelled;
    }

    /** A spec with the fields Cairn models before superuser access (no unmodelled fields). */
    public ClusterSpec(
            Integer instances,
            String imageName,
            PostgresConfiguration postgresql,
            BootstrapConfiguration bootstrap,
            StorageConfiguration storage,
            StorageConfiguration walStorage,
            BackupConfiguration backup,
            List<ExternalCluster> externalClusters,
            List<PluginConfiguration> plugins) {
        this(
                instances,
                imageName,
                postgresql,
                bootstrap,
                storage,
                walStorage,
                backup,
                externalClusters,
                plugins,
                null,
                null,
                null,
                null);
    }

    @Override
    @JsonAnyGetter
    public Map<String, Object> unmodelled() {
        return unmodelled;
    }

    /** The names of the unmodelled fields that are set, sorted. */
    public List<String> unmodelledFieldNames() {
        return List.copyOf(new TreeSet<>(unmodelled.keySet()));
    }

    /** {@code env}, or none. */
    public List<EnvVar> environment() {
        return env == null ? List.of() : env;
    }

    /** Whether the postgres role gets the superuser Secret's password (CloudNativePG's default: false). */
    public boolean superuserAccess() {
        return Boolean.TRUE.equals(enableSuperuserAccess);
    }

    /** This spec with another number of instances, everything else (unmodelled fields too) kept. */
    public ClusterSpec withInstances(int count) {
        return new ClusterSpec(
                count,
                imageName,
                postgresql,
                bootstrap,
                storage,
                walStorage,
                backup,
                externalClusters,
                plugins,
                enableSuperuserAccess,
                superuserSecret,
                env,
                new LinkedHashMap<>(unmodelled));
    }
}
