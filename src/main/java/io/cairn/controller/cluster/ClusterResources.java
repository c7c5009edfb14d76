package io.cairn.controller.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.support.OwnerReferences;
import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.BootstrapInitDB;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ClusterSpec;
import io.cairn.api.v1.StorageConfiguration;
import io.cairn.controller.cluster.tls.ClusterCertificates;
import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.api.InstanceEnvironmentVariables;
import io.cairn.instance.api.InstancePorts;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects a Cluster owns, built from its spec with no side effects: names, labels, the instance pods and their
 * claims, the Services, the generated Secrets and the instance configuration (docs/cluster.md).
 */
public final class ClusterResources {

    public static final String CLUSTER_LABEL = "cnpg.io/cluster";
    public static final String INSTANCE_NAME_LABEL = "cnpg.io/instanceName";
    public static final String INSTANCE_ROLE_LABEL = "cnpg.io/instanceRole";
    public static final String ROLE_LABEL = "role";
    public static final String PVC_ROLE_LABEL = "cnpg.io/pvcRole";
    public static final String PRIMARY = "primary";
    public static final String REPLICA = "replica";
    public static final String PG_DATA = "PG_DATA";
    public static final String PG_WAL = "PG_WAL";
    public static final int PG_PORT = 5432;
    public static final String CONTAINER = "postgres";

    static final String DATA_MOUNT = "/var/lib/postgresql/data";
    static final String WAL_MOUNT = "/var/lib/postgresql/wal";
    static final String CONFIG_MOUNT = "/etc/cairn/config";
    static final String OWNER_SECRET_MOUNT = "/etc/cairn/app";
    static final String REPLICATION_SECRET_MOUNT = "/etc/cairn/replication";
    static final String SUPERUSER_SECRET_MOUNT = "/etc/cairn/superuser";
    static final String ENDPOINT_CA_MOUNT = "/etc/cairn/endpoint-ca";
    /** The {@code <cluster>-server} Secret: the instance API's certificate, key and the cluster's CA. */
    static final String SERVER_TLS_MOUNT = "/etc/cairn/server-tls";
    static final String ENDPOINT_CA_FILE = "ca.crt";
    /** The emptyDir the init container fills with the Cairn launcher; the instance's own files live below it. */
    static final String CONTROLLER_DIR = "/controller";
    static final String RUN_DIR = CONTROLLER_DIR + "/run";
    /** The instance manager, as the PostgreSQL container runs it; also PostgreSQL's archive and restore commands. */
    static final String MANAGER = CONTROLLER_DIR + "/manager";
    static final String BOOTSTRAP_CONTAINER = "bootstrap-controller";
    /** Where the operator image keeps the launcher, its Java runtime and the application (see local/images.sh). */
    static final String MANAGER_IMAGE_DIR = "/cairn";
    static final String PRIMARY_CONFIG_KEY = "primary.json";
    static final String STANDBY_CONFIG_KEY = "standby.json";
    static final String DEFAULT_STORAGE_SIZE = "1Gi";
    static final long POSTGRES_UID = 26;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    private ClusterResources() {
    }

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
        return cluster.getSpec().superuserSecret() != null ? cluster.getSpec().superuserSecret().name()
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
            return new BootstrapInitDB(database, owner, null, null, null, null, null, null, null, null, null, null,
                    null);
        }
        return new BootstrapInitDB(database, owner, given.secret(), given.options(), given.dataChecksums(),
                given.encoding(), given.locale(), given.localeCollate(), given.localeCType(), given.walSegmentSize(),
                given.postInitSQL(), given.postInitApplicationSQL(), given.postInitTemplateSQL());
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
        return object.getMetadata().getOwnerReferences() != null && object.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> cluster.getMetadata().getUid().equals(o.getUid()));
    }

    // ---- claims

    static PersistentVolumeClaim dataClaim(Cluster cluster, String instanceName) {
        return claim(cluster, instanceName, instanceName, PG_DATA, cluster.getSpec().storage());
    }

    static PersistentVolumeClaim walClaim(Cluster cluster, String instanceName) {
        return claim(cluster, walClaimName(instanceName), instanceName, PG_WAL, cluster.getSpec().walStorage());
    }

    private static PersistentVolumeClaim claim(Cluster cluster, String name, String instanceName, String role,
            StorageConfiguration storage) {
        PersistentVolumeClaimSpec spec;
        if (storage != null && storage.pvcTemplate() != null) {
            spec = new PersistentVolumeClaimSpecBuilder(storage.pvcTemplate()).build();
        } else {
            spec = new PersistentVolumeClaimSpecBuilder().withAccessModes("ReadWriteOnce").build();
        }
        if (spec.getAccessModes() == null || spec.getAccessModes().isEmpty()) {
            spec.setAccessModes(List.of("ReadWriteOnce"));
        }
        String size = storage != null && storage.size() != null ? storage.size() : null;
        if (size != null || spec.getResources() == null || spec.getResources().getRequests() == null
                || !spec.getResources().getRequests().containsKey("storage")) {
            spec = new PersistentVolumeClaimSpecBuilder(spec).editOrNewResources()
                    .addToRequests("storage", new Quantity(size != null ? size : DEFAULT_STORAGE_SIZE))
                    .endResources().build();
        }
        if (storage != null && storage.storageClass() != null) {
            spec.setStorageClassName(storage.storageClass());
        }
        return new PersistentVolumeClaimBuilder()
                .withMetadata(owned(cluster, name, Map.of(INSTANCE_NAME_LABEL, instanceName, PVC_ROLE_LABEL, role)))
                .withSpec(spec)
                .build();
    }

    // ---- pods

    static Map<String, String> podLabels(String instanceName, boolean primary) {
        String role = primary ? PRIMARY : REPLICA;
        return Map.of(INSTANCE_NAME_LABEL, instanceName, INSTANCE_ROLE_LABEL, role, ROLE_LABEL, role);
    }

    static Pod pod(Cluster cluster, String instanceName, boolean primary, ClusterInstanceSettings settings) {
        boolean wal = cluster.getSpec().walStorage() != null;
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName("pgdata").withNewPersistentVolumeClaim()
                .withClaimName(instanceName).endPersistentVolumeClaim().build());
        mounts.add(mount("pgdata", DATA_MOUNT, false));
        if (wal) {
            volumes.add(new VolumeBuilder().withName("pg-wal").withNewPersistentVolumeClaim()
                    .withClaimName(walClaimName(instanceName)).endPersistentVolumeClaim().build());
            mounts.add(mount("pg-wal", WAL_MOUNT, false));
        }
        volumes.add(new VolumeBuilder().withName("scratch-data").withNewEmptyDir().endEmptyDir().build());
        mounts.add(mount("scratch-data", CONTROLLER_DIR, false));
        volumes.add(new VolumeBuilder().withName("instance-config").withNewConfigMap()
                .withName(configMapName(cluster)).endConfigMap().build());
        mounts.add(mount("instance-config", CONFIG_MOUNT, true));
        volumes.add(secretVolume("app-secret", ownerSecretName(cluster)));
        mounts.add(mount("app-secret", OWNER_SECRET_MOUNT, true));
        volumes.add(secretVolume("replication-secret", replicationSecretName(cluster)));
        mounts.add(mount("replication-secret", REPLICATION_SECRET_MOUNT, true));
        addSuperuserSecretVolume(cluster, volumes, mounts);
        addEndpointCaVolume(cluster, volumes, mounts);
        addServerTlsVolume(cluster, settings, volumes, mounts);
        List<EnvVar> env = new ArrayList<>(environment(cluster, primary, wal));
        ObjectStoreCredentials.addGoogleCredentials(barmanObjectStore(cluster), volumes, mounts, env);
        if (settings.tls()) {
            env.add(new EnvVar(InstanceEnvironmentVariables.TLS_DIR, SERVER_TLS_MOUNT, null));
        }

        return new PodBuilder()
                .withMetadata(owned(cluster, instanceName, podLabels(instanceName, primary)))
                .withNewSpec()
                    .withHostname(instanceName)
                    .withNewSecurityContext()
                        .withRunAsUser(POSTGRES_UID).withRunAsGroup(POSTGRES_UID).withFsGroup(POSTGRES_UID)
                        .withRunAsNonRoot(true)
                        // else the kubelet re-applies the group to every file at each mount, and PostgreSQL
                        // refuses a data directory whose permissions changed
                        .withFsGroupChangePolicy("OnRootMismatch")
                    .endSecurityContext()
                    .withTerminationGracePeriodSeconds(60L)
                    .addNewInitContainer()
                        .withName(BOOTSTRAP_CONTAINER)
                        .withImage(settings.managerImage())
                        // as uid 26 into a root-owned emptyDir: no --preserve (the top directory's mode cannot be
                        // set), and files a restarted init container finds are replaced, though some are read-only
                        .withCommand("cp", "-R", "--remove-destination", MANAGER_IMAGE_DIR + "/.", CONTROLLER_DIR + "/")
                        .withVolumeMounts(mount("scratch-data", CONTROLLER_DIR, false))
                    .endInitContainer()
                    .addNewContainer()
                        .withName(CONTAINER)
                        .withImage(cluster.getSpec().imageName() != null ? cluster.getSpec().imageName()
                                : settings.image())
                        .withCommand(MANAGER, "instance", "run")
                        .withEnv(env)
                        .withVolumeMounts(mounts)
                        .addNewPort().withName("postgresql").withContainerPort(PG_PORT).endPort()
                        .addNewPort().withName("status").withContainerPort(InstancePorts.API)
                            .endPort()
                        .withNewReadinessProbe()
                            .withNewHttpGet().withPath("/readyz").withScheme(settings.tls() ? "HTTPS" : "HTTP")
                                .withPort(new IntOrString(InstancePorts.API)).endHttpGet()
                            .withPeriodSeconds(2).withTimeoutSeconds(2).withFailureThreshold(3)
                        .endReadinessProbe()
                    .endContainer()
                    .withVolumes(volumes)
                .endSpec()
                .build();
    }

    /** With {@code enableSuperuserAccess}, the superuser Secret, whose password the primary gives to postgres. */
    private static void addSuperuserSecretVolume(Cluster cluster, List<Volume> volumes, List<VolumeMount> mounts) {
        if (cluster.getSpec().superuserAccess()) {
            volumes.add(secretVolume("superuser-secret", effectiveSuperuserSecretName(cluster)));
            mounts.add(mount("superuser-secret", SUPERUSER_SECRET_MOUNT, true));
        }
    }

    /** The instance API's TLS material (see {@link io.cairn.controller.cluster.tls.ClusterCertificates}). */
    private static void addServerTlsVolume(Cluster cluster, ClusterInstanceSettings settings, List<Volume> volumes,
            List<VolumeMount> mounts) {
        if (settings.tls()) {
            volumes.add(secretVolume("server-tls", ClusterCertificates.serverSecretName(cluster)));
            mounts.add(mount("server-tls", SERVER_TLS_MOUNT, true));
        }
    }

    /** {@code barmanObjectStore.endpointCA}: its Secret key as the file AWS_CA_BUNDLE names (see environment). */
    private static void addEndpointCaVolume(Cluster cluster, List<Volume> volumes, List<VolumeMount> mounts) {
        BarmanObjectStoreConfiguration store = barmanObjectStore(cluster);
        if (store == null || store.endpointCA() == null) {
            return;
        }
        volumes.add(new VolumeBuilder().withName("endpoint-ca").withNewSecret()
                .withSecretName(store.endpointCA().name())
                .addNewItem().withKey(store.endpointCA().key()).withPath(ENDPOINT_CA_FILE).endItem()
                .withDefaultMode(0440).endSecret().build());
        mounts.add(mount("endpoint-ca", ENDPOINT_CA_MOUNT, true));
    }

    private static Volume secretVolume(String name, String secretName) {
        return new VolumeBuilder().withName(name).withNewSecret().withSecretName(secretName)
                .withDefaultMode(0440).endSecret().build();
    }

    private static VolumeMount mount(String name, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(readOnly).build();
    }

    static List<EnvVar> environment(Cluster cluster, boolean primary, boolean wal) {
        List<EnvVar> env = new ArrayList<>();
        env.add(field("POD_NAME", "metadata.name"));
        env.add(field("POD_IP", "status.podIP"));
        env.add(field("NAMESPACE", "metadata.namespace"));
        env.add(value("CLUSTER_NAME", cluster.getMetadata().getName()));
        env.add(value("PGDATA", DATA_MOUNT + "/pgdata"));
        if (wal) {
            env.add(value("PGWAL", WAL_MOUNT + "/pg_wal"));
        }
        env.add(value("CAIRN_INSTANCE_CONFIG", CONFIG_MOUNT + "/" + (primary ? PRIMARY_CONFIG_KEY
                : STANDBY_CONFIG_KEY)));
        env.add(value("CAIRN_RUN_DIR", RUN_DIR));
        env.add(value(InstanceEnvironmentVariables.SELF_COMMAND, MANAGER));
        BarmanObjectStoreConfiguration store = barmanObjectStore(cluster);
        if (store != null) {
            env.addAll(ObjectStoreCredentials.environment(store, ""));
        }
        if (store != null && store.endpointCA() != null) {
            env.add(value("AWS_CA_BUNDLE", ENDPOINT_CA_MOUNT + "/" + ENDPOINT_CA_FILE));
            if (store.azureCredentials() != null) {
                // Azure's SDK verifies through requests, which reads this one (CloudNativePG sets it for Azure)
                env.add(value("REQUESTS_CA_BUNDLE", ENDPOINT_CA_MOUNT + "/" + ENDPOINT_CA_FILE));
            }
        }
        return env;
    }

    private static EnvVar field(String name, String path) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path)
                .endFieldRef().endValueFrom().build();
    }

    private static EnvVar value(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    static BarmanObjectStoreConfiguration barmanObjectStore(Cluster cluster) {
        return cluster.getSpec().backup() != null ? cluster.getSpec().backup().barmanObjectStore() : null;
    }

    // ---- services

    static List<Service> services(Cluster cluster) {
        return List.of(
                service(cluster, "rw", Map.of(CLUSTER_LABEL, cluster.getMetadata().getName(),
                        INSTANCE_ROLE_LABEL, PRIMARY)),
                service(cluster, "ro", Map.of(CLUSTER_LABEL, cluster.getMetadata().getName(),
                        INSTANCE_ROLE_LABEL, REPLICA)),
                service(cluster, "r", Map.of(CLUSTER_LABEL, cluster.getMetadata().getName())));
    }

    private static Service service(Cluster cluster, String suffix, Map<String, String> selector) {
        return new ServiceBuilder()
                .withMetadata(owned(cluster, serviceName(cluster, suffix), Map.of()))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(selector)
                    .addNewPort().withName("postgres").withProtocol("TCP").withPort(PG_PORT)
                        .withTargetPort(new IntOrString(PG_PORT)).endPort()
                .endSpec()
                .build();
    }

    // ---- secrets

    /** The generated Secrets; passwords come from {@code passwords} and are never logged. */
    static List<Secret> secrets(Cluster cluster, PasswordGenerator passwords) {
        String rw = serviceName(cluster, "rw");
        BootstrapInitDB initdb = initdb(cluster);
        List<Secret> secrets = new ArrayList<>();
        if (generatesSuperuserSecret(cluster)) {
            secrets.add(basicAuth(cluster, superuserSecretName(cluster), "postgres", passwords.next(), "*", rw));
        }
        if (initdb.secret() == null) {
            secrets.add(basicAuth(cluster, appSecretName(cluster), initdb.owner(), passwords.next(),
                    initdb.database(), rw));
        }
        secrets.add(basicAuth(cluster, replicationSecretName(cluster), InstanceConfig.DEFAULT_REPLICATION_USER,
                passwords.next(), "*", rw));
        return secrets;
    }

    /** CloudNativePG creates the superuser Secret only with superuser access and no {@code superuserSecret}. */
    static boolean generatesSuperuserSecret(Cluster cluster) {
        return cluster.getSpec().superuserAccess() && cluster.getSpec().superuserSecret() == null;
    }

    private static Secret basicAuth(Cluster cluster, String name, String user, String password, String database,
            String host) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("username", user);
        data.put("user", user);
        data.put("password", password);
        data.put("dbname", database);
        data.put("host", host);
        data.put("port", Integer.toString(PG_PORT));
        data.put("pgpass", host + ":" + PG_PORT + ":" + database + ":" + user + ":" + password + "\n");
        if (!"*".equals(database)) {
            data.put("uri", "postgresql://" + user + ":" + password + "@" + host + "." + cluster.getMetadata()
                    .getNamespace() + ":" + PG_PORT + "/" + database);
        }
        return new SecretBuilder()
                .withMetadata(owned(cluster, name, Map.of()))
                .withType("kubernetes.io/basic-auth")
                .withStringData(data)
                .build();
    }

    // ---- instance configuration

    static ConfigMap instanceConfig(Cluster cluster) {
        return instanceConfig(cluster, (InstanceConfig.Recovery) null);
    }

    /** @param recovery the first instance's {@code bootstrap.recovery} ({@link RecoverySource}), null for initdb */
    static ConfigMap instanceConfig(Cluster cluster, InstanceConfig.Recovery recovery) {
        return new ConfigMapBuilder()
                .withMetadata(owned(cluster, configMapName(cluster), Map.of()))
                .withData(Map.of(
                        PRIMARY_CONFIG_KEY, json(withRecovery(instanceConfig(cluster, true), recovery)),
                        STANDBY_CONFIG_KEY, json(instanceConfig(cluster, false))))
                .build();
    }

    /** A primary's configuration that recovers instead of running initdb. */
    static InstanceConfig withRecovery(InstanceConfig config, InstanceConfig.Recovery recovery) {
        if (recovery == null) {
            return config;
        }
        return new InstanceConfig(new InstanceConfig.Bootstrap(null, config.bootstrap().ownerPasswordFile(), null,
                recovery), config.postgresql(), config.archive(), config.archiveTimeout(), config.replication(),
                config.smartShutdownTimeout());
    }

    static InstanceConfig instanceConfig(Cluster cluster, boolean primary) {
        BootstrapInitDB initdb = initdb(cluster);
        BootstrapInitDB forInstance = new BootstrapInitDB(initdb.database(), initdb.owner(), null, initdb.options(),
                initdb.dataChecksums(), initdb.encoding(), initdb.locale(), initdb.localeCollate(),
                initdb.localeCType(), initdb.walSegmentSize(), initdb.postInitSQL(), initdb.postInitApplicationSQL(),
                initdb.postInitTemplateSQL());
        InstanceConfig.Bootstrap bootstrap = primary
                ? new InstanceConfig.Bootstrap(forInstance, OWNER_SECRET_MOUNT + "/password", null)
                : new InstanceConfig.Bootstrap(null, null,
                        new InstanceConfig.Join(serviceName(cluster, "rw"), PG_PORT));
        BarmanObjectStoreConfiguration store = barmanObjectStore(cluster);
        InstanceConfig.Archive archive = store == null ? null : new InstanceConfig.Archive(store, null, null);
        return new InstanceConfig(bootstrap, cluster.getSpec().postgresql(), archive, null,
                new InstanceConfig.Replication(InstanceConfig.DEFAULT_REPLICATION_USER,
                        REPLICATION_SECRET_MOUNT + "/password"),
                null, superuserPasswordFile(cluster));
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
