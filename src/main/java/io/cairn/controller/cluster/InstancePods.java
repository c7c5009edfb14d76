package io.cairn.controller.cluster;

import static io.cairn.controller.cluster.ClusterResources.CONTAINER;
import static io.cairn.controller.cluster.ClusterResources.INSTANCE_NAME_LABEL;
import static io.cairn.controller.cluster.ClusterResources.INSTANCE_ROLE_LABEL;
import static io.cairn.controller.cluster.ClusterResources.PG_PORT;
import static io.cairn.controller.cluster.ClusterResources.PRIMARY;
import static io.cairn.controller.cluster.ClusterResources.REPLICA;
import static io.cairn.controller.cluster.ClusterResources.ROLE_LABEL;
import static io.cairn.controller.cluster.ClusterResources.barmanObjectStore;
import static io.cairn.controller.cluster.ClusterResources.configMapName;
import static io.cairn.controller.cluster.ClusterResources.effectiveSuperuserSecretName;
import static io.cairn.controller.cluster.ClusterResources.owned;
import static io.cairn.controller.cluster.ClusterResources.ownerSecretName;
import static io.cairn.controller.cluster.ClusterResources.replicationSecretName;
import static io.cairn.controller.cluster.ClusterResources.walClaimName;
import static io.cairn.controller.cluster.InstanceConfigs.PRIMARY_CONFIG_KEY;
import static io.cairn.controller.cluster.InstanceConfigs.STANDBY_CONFIG_KEY;

import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.Cluster;
import io.cairn.controller.cluster.tls.ClusterCertificates;
import io.cairn.instance.api.InstanceEnvironmentVariables;
import io.cairn.instance.api.InstancePorts;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An instance's pod: the PostgreSQL container running the instance manager (copied in by an init container from the
 * operator's image), its claims, configuration, Secrets and environment.
 */
final class InstancePods {

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

    static final long POSTGRES_UID = 26;

    private InstancePods() {}

    static Map<String, String> podLabels(String instanceName, boolean primary) {
        String role = primary ? PRIMARY : REPLICA;
        return Map.of(INSTANCE_NAME_LABEL, instanceName, INSTANCE_ROLE_LABEL, role, ROLE_LABEL, role);
    }

    static Pod pod(Cluster cluster, String instanceName, boolean primary, ClusterInstanceSettings settings) {
        boolean wal = cluster.getSpec().walStorage() != null;
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        volumes.add(new VolumeBuilder()
                .withName("pgdata")
                .withNewPersistentVolumeClaim()
                .withClaimName(instanceName)
                .endPersistentVolumeClaim()
                .build());
        mounts.add(mount("pgdata", DATA_MOUNT, false));
        if (wal) {
            volumes.add(new VolumeBuilder()
                    .withName("pg-wal")
                    .withNewPersistentVolumeClaim()
                    .withClaimName(walClaimName(instanceName))
                    .endPersistentVolumeClaim()
                    .build());
            mounts.add(mount("pg-wal", WAL_MOUNT, false));
        }
        volumes.add(new VolumeBuilder()
                .withName("scratch-data")
                .withNewEmptyDir()
                .endEmptyDir()
                .build());
        mounts.add(mount("scratch-data", CONTROLLER_DIR, false));
        volumes.add(new VolumeBuilder()
                .withName("instance-config")
                .withNewConfigMap()
                .withName(configMapName(cluster))
                .endConfigMap()
                .build());
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
        // last, as CloudNativePG does: e.g. STORAGE_EMULATOR_HOST, which no barmanObjectStore field sets
        env.addAll(cluster.getSpec().environment());

        return new PodBuilder()
                .withMetadata(owned(cluster, instanceName, podLabels(instanceName, primary)))
                .withNewSpec()
                .withHostname(instanceName)
                .withNewSecurityContext()
                .withRunAsUser(POSTGRES_UID)
                .withRunAsGroup(POSTGRES_UID)
                .withFsGroup(POSTGRES_UID)
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
                .withImage(
                        cluster.getSpec().imageName() != null
                                ? cluster.getSpec().imageName()
                                : settings.image())
                .withCommand(MANAGER, "instance", "run")
                .withEnv(env)
                .withVolumeMounts(mounts)
                .addNewPort()
                .withName("postgresql")
                .withContainerPort(PG_PORT)
                .endPort()
                .addNewPort()
                .withName("status")
                .withContainerPort(InstancePorts.API)
                .endPort()
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath("/readyz")
                .withScheme(settings.tls() ? "HTTPS" : "HTTP")
                .withPort(new IntOrString(InstancePorts.API))
                .endHttpGet()
                .withPeriodSeconds(2)
                .withTimeoutSeconds(2)
                .withFailureThreshold(3)
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
    private static void addServerTlsVolume(
            Cluster cluster, ClusterInstanceSettings settings, List<Volume> volumes, List<VolumeMount> mounts) {
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
        volumes.add(new VolumeBuilder()
                .withName("endpoint-ca")
                .withNewSecret()
                .withSecretName(store.endpointCA().name())
                .addNewItem()
                .withKey(store.endpointCA().key())
                .withPath(ENDPOINT_CA_FILE)
                .endItem()
                .withDefaultMode(0440)
                .endSecret()
                .build());
        mounts.add(mount("endpoint-ca", ENDPOINT_CA_MOUNT, true));
    }

    private static Volume secretVolume(String name, String secretName) {
        return new VolumeBuilder()
                .withName(name)
                .withNewSecret()
                .withSecretName(secretName)
                .withDefaultMode(0440)
                .endSecret()
                .build();
    }

    private static VolumeMount mount(String name, String path, boolean readOnly) {
        return new VolumeMountBuilder()
                .withName(name)
                .withMountPath(path)
                .withReadOnly(readOnly)
                .build();
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
        env.add(value(
                "CAIRN_INSTANCE_CONFIG", CONFIG_MOUNT + "/" + (primary ? PRIMARY_CONFIG_KEY : STANDBY_CONFIG_KEY)));
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
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath(path)
                .endFieldRef()
                .endValueFrom()
                .build();
    }

    private static EnvVar value(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
