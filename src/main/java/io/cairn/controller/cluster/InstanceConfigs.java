package io.cairn.controller.cluster;

import static io.cairn.controller.cluster.ClusterResources.PG_PORT;
import static io.cairn.controller.cluster.ClusterResources.barmanObjectStore;
import static io.cairn.controller.cluster.ClusterResources.configMapName;
import static io.cairn.controller.cluster.ClusterResources.initdb;
import static io.cairn.controller.cluster.ClusterResources.owned;
import static io.cairn.controller.cluster.ClusterResources.serviceName;
import static io.cairn.controller.cluster.InstancePods.OWNER_SECRET_MOUNT;
import static io.cairn.controller.cluster.InstancePods.REPLICATION_SECRET_MOUNT;
import static io.cairn.controller.cluster.InstancePods.SUPERUSER_SECRET_MOUNT;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.BootstrapInitDB;
import io.cairn.api.v1.Cluster;
import io.cairn.instance.api.AmbientCredentials;
import io.cairn.instance.api.InstanceConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;

/**
 * The instance configuration ConfigMap {@code <cluster>-instance-config}: one JSON document for the primary and one
 * for standbys ({@link InstanceConfig}, the contract with the instance manager).
 */
final class InstanceConfigs {

    static final String PRIMARY_CONFIG_KEY = "primary.json";
    static final String STANDBY_CONFIG_KEY = "standby.json";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private InstanceConfigs() {}

    static ConfigMap instanceConfig(Cluster cluster) {
        return instanceConfig(cluster, null, true);
    }

    /**
     * @param recovery the first instance's {@code bootstrap.recovery} ({@link RecoverySource}), null for initdb
     * @param ambientIdentities whether pods can take their node's cloud identity
     *     ({@code cairn.backup.ambient-identities})
     */
    static ConfigMap instanceConfig(Cluster cluster, InstanceConfig.Recovery recovery, boolean ambientIdentities) {
        InstanceConfig.Archive archive = archive(cluster, ambientIdentities);
        return new ConfigMapBuilder()
                .withMetadata(owned(cluster, configMapName(cluster), Map.of()))
                .withData(Map.of(
                        PRIMARY_CONFIG_KEY, json(withRecovery(instanceConfig(cluster, true, archive), recovery)),
                        STANDBY_CONFIG_KEY, json(instanceConfig(cluster, false, archive))))
                .build();
    }

    /**
     * The Cluster's WAL archive, if it has one; refused when its store asks for an ambient identity where pods have
     * none, so that archiving fails at once with the reason instead of after barman's timeouts.
     */
    static InstanceConfig.Archive archive(Cluster cluster, boolean ambientIdentities) {
        BarmanObjectStoreConfiguration store = barmanObjectStore(cluster);
        if (store == null) {
            return null;
        }
        String refusal = ambientIdentities
                ? null
                : AmbientCredentials.refusal(store, AmbientCredentials.UNAVAILABLE_HERE)
                        .orElse(null);
        return new InstanceConfig.Archive(store, null, null, refusal);
    }

    /** A primary's configuration that recovers instead of running initdb. */
    static InstanceConfig withRecovery(InstanceConfig config, InstanceConfig.Recovery recovery) {
        if (recovery == null) {
            return config;
        }
        return new InstanceConfig(
                new InstanceConfig.Bootstrap(null, config.bootstrap().ownerPasswordFile(), null, recovery),
                config.postgresql(),
                config.archive(),
                config.archiveTimeout(),
                config.replication(),
                config.smartShutdownTimeout());
    }

    static InstanceConfig instanceConfig(Cluster cluster, boolean primary) {
        return instanceConfig(cluster, primary, archive(cluster, true));
    }

    private static InstanceConfig instanceConfig(Cluster cluster, boolean primary, InstanceConfig.Archive archive) {
        BootstrapInitDB initdb = initdb(cluster);
        BootstrapInitDB forInstance = new BootstrapInitDB(
                initdb.database(),
                initdb.owner(),
                null,
                initdb.options(),
                initdb.dataChecksums(),
                initdb.encoding(),
                initdb.locale(),
                initdb.localeCollate(),
                initdb.localeCType(),
                initdb.walSegmentSize(),
                initdb.postInitSQL(),
                initdb.postInitApplicationSQL(),
                initdb.postInitTemplateSQL());
        InstanceConfig.Bootstrap bootstrap = primary
                ? new InstanceConfig.Bootstrap(forInstance, OWNER_SECRET_MOUNT + "/password", null)
                : new InstanceConfig.Bootstrap(
                        null, null, new InstanceConfig.Join(serviceName(cluster, "rw"), PG_PORT));
        return new InstanceConfig(
                bootstrap,
                cluster.getSpec().postgresql(),
                archive,
                null,
                new InstanceConfig.Replication(
                        InstanceConfig.DEFAULT_REPLICATION_USER, REPLICATION_SECRET_MOUNT + "/password"),
                null,
                superuserPasswordFile(cluster));
    }

    /** The superuser's password file in the pod with superuser access, else null (postgres gets no password). */
    static String superuserPasswordFile(Cluster cluster) {
        return cluster.getSpec().superuserAccess() ? SUPERUSER_SECRET_MOUNT + "/password" : null;
    }

    private static String json(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
