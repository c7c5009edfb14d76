package io.cairn.controller.cluster;

import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.BootstrapInitDB;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ClusterSpec;
import io.cairn.api.v1.Labels;
import io.cairn.support.OwnerReferences;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every object a Cluster owns shares: names, labels, owner references and the spec's defaults. The objects
 * themselves are built, with no side effects, by one class per kind: {@link InstancePods}, {@link InstanceClaims},
 * {@link ClusterServices}, {@link ClusterSecrets} and {@link InstanceConfigs} (docs/cluster.md); their output for
 * sample Clusters is held in golden files ({@code DesiredObjectsTest}).
 */
public final class ClusterResources {

    public static final String CLUSTER_LABEL = Labels.CLUSTER;
    public static final String INSTANCE_NAME_LABEL = Labels.INSTANCE_NAME;
    public static final String INSTANCE_ROLE_LABEL = Labels.INSTANCE_ROLE;
    public static final String ROLE_LABEL = Labels.ROLE;
    public static final String PVC_ROLE_LABEL = "cnpg.io/pvcRole";
    public static final String PRIMARY = "primary";
    public static final String REPLICA = "replica";
    public static final String PG_DATA = "PG_DATA";
    public static final String PG_WAL = "PG_WAL";
    public static final int PG_PORT = 5432;
    public static final String CONTAINER = "postgres";

    private ClusterResources() {}

    // ---- names

    public static String instanceName(Cluster cluster, int serial) {
        return cluster.getMetadata().getName() + "-" + serial;
    }

    /** The serial of an instance name of this cluster, or -1. */
    public static int serialOf(Cluster cluster, String instanceName) {
        String prefix = cluster.getMetadata().getName() + "-";
        if (!instanceName.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(instanceName.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static String walClaimName(String instanceName) {
        return instanceName + "-wal";
    }

    public static String serviceName(Cluster cluster, String suffix) {
        return cluster.getMetadata().getName() + "-" + suffix;
    }

    /** The generated superuser Secret's name. */
    public static String superuserSecretName(Cluster cluster) {
        return cluster.getMetadata().getName() + "-superuser";
    }

    /** The Secret with the postgres password: {@code spec.superuserSecret}, else the generated one. */
    static String effectiveSuperuserSecretName(Cluster cluster) {
        return cluster.getSpec().superuserSecret() != null
                ? cluster.getSpec().superuserSecret().name()
                : superuserSecretName(cluster);
    }

    public static String appSecretName(Cluster cluster) {
        return cluster.getMetadata().getName() + "-app";
    }

    public static String replicationSecretName(Cluster cluster) {
        return cluster.getMetadata().getName() + "-replication";
    }

    public static String configMapName(Cluster cluster) {
        return cluster.getMetadata().getName() + "-instance-config";
    }

    /** The Secret that holds the application owner's password: the initdb {@code secret}, else the generated one. */
    static String ownerSecretName(Cluster cluster) {
        BootstrapInitDB initdb = initdb(cluster);
        return initdb.secret() != null ? initdb.secret().name() : appSecretName(cluster);
    }

    static BootstrapInitDB initdb(Cluster cluster) {
        ClusterSpec spec = cluster.getSpec();
        BootstrapInitDB given = spec.bootstrap() != null ? spec.bootstrap().initdb() : null;
        String database = given != null && given.database() != null ? given.database() : "app";
        String owner = given != null && given.owner() != null ? given.owner() : database;
        if (given == null) {
            return new BootstrapInitDB(
                    database, owner, null, null, null, null, null, null, null, null, null, null, null);
        }
        return new BootstrapInitDB(
                database,
                owner,
                given.secret(),
                given.options(),
                given.dataChecksums(),
                given.encoding(),
                given.locale(),
                given.localeCollate(),
                given.localeCType(),
                given.walSegmentSize(),
                given.postInitSQL(),
                given.postInitApplicationSQL(),
                given.postInitTemplateSQL());
    }

    public static String selector(Cluster cluster) {
        return CLUSTER_LABEL + "=" + cluster.getMetadata().getName();
    }

    // ---- metadata

    static ObjectMeta owned(Cluster cluster, String name, Map<String, String> labels) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(CLUSTER_LABEL, cluster.getMetadata().getName());
        all.putAll(labels);
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(cluster.getMetadata().getNamespace())
                .withLabels(all)
                .withOwnerReferences(ownerReference(cluster))
                .build();
    }

    static OwnerReference ownerReference(Cluster cluster) {
        return OwnerReferences.controller(cluster);
    }

    static boolean ownedBy(HasMetadata object, Cluster cluster) {
        return object.getMetadata().getOwnerReferences() != null
                && object.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> cluster.getMetadata().getUid().equals(o.getUid()));
    }

    static BarmanObjectStoreConfiguration barmanObjectStore(Cluster cluster) {
        return cluster.getSpec().backup() != null ? cluster.getSpec().backup().barmanObjectStore() : null;
    }
}
