package io.cairn.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Cluster;
import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.config.InstanceConfigReader;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterResourcesTest {

    private static final ClusterInstanceSettings SETTINGS = new ClusterResourcesTest().settings(Duration.ofSeconds(2));

    /** Settings as configured by default, with the given status timeout. */
    ClusterInstanceSettings settings(Duration statusTimeout) {
        return new ClusterInstanceSettings() {
            @Override
            public String image() {
                return "ghcr.io/cloudnative-pg/postgresql:15";
            }

            @Override
            public String managerImage() {
                return "ghcr.io/cairn-io/cairn:1.2.3";
            }

            @Override
            public Duration statusTimeout() {
                return statusTimeout;
            }

            @Override
            public Duration statusRefresh() {
                return Duration.ofSeconds(10);
            }

            @Override
            public boolean tls() {
                return true;
            }
        };
    }

    private static final Cluster CLUSTER = Serialization.unmarshal("""
            apiVersion: postgresql.cnpg.io/v1
            kind: Cluster
            metadata: {name: pg, namespace: db, uid: u1, generation: 1}
            spec:
              instances: 3
              storage: {size: 2Gi}
              walStorage: {size: 1Gi}
              bootstrap: {initdb: {database: shop, owner: seller}}
              backup:
                barmanObjectStore:
                  destinationPath: s3://b/pg
                  s3Credentials:
                    accessKeyId: {name: creds, key: ID}
                    secretAccessKey: {name: creds, key: SECRET}
            """, Cluster.class);

    @Test
    void aStandbyPodRunsTheInstanceManagerWithThePodContract() {
        Pod pod = InstancePods.pod(CLUSTER, "pg-2", false, SETTINGS);
        assertThat(pod.getMetadata().getName()).isEqualTo("pg-2");
        assertThat(pod.getMetadata().getLabels())
                .containsAllEntriesOf(Map.of(
                        "cnpg.io/cluster",
                        "pg",
                        "cnpg.io/instanceName",
                        "pg-2",
                        "cnpg.io/instanceRole",
                        "replica",
                        "role",
                        "replica"));
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getUid()).isEqualTo("u1");
            assertThat(owner.getController()).isTrue();
        });
        assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(26L);
        Container container = pod.getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("ghcr.io/cloudnative-pg/postgresql:15");
        assertThat(container.getCommand()).containsExactly("/controller/manager", "instance", "run");
        assertThat(pod.getSpec().getSecurityContext().getFsGroupChangePolicy()).isEqualTo("OnRootMismatch");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal())
                .isEqualTo(8000);
        assertThat(container.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
        assertThat(pod.getSpec().getVolumes())
                .filteredOn(volume -> volume.getSecret() != null)
                .extracting(volume -> volume.getSecret().getSecretName())
                .contains("pg-server");
        assertThat(container.getVolumeMounts())
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/etc/cairn/server-tls"));
        Map<String, EnvVar> env =
                container.getEnv().stream().collect(java.util.stream.Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env.get("CAIRN_TLS_DIR").getValue()).isEqualTo("/etc/cairn/server-tls");
        assertThat(env.get("POD_IP").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("status.podIP");
        assertThat(env.get("CAIRN_INSTANCE_CONFIG").getValue()).isEqualTo("/etc/cairn/config/standby.json");
        assertThat(env.get("PGWAL").getValue()).isEqualTo("/var/lib/postgresql/wal/pg_wal");
        assertThat(env.get("AWS_SECRET_ACCESS_KEY")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getName())
                .isEqualTo("creds");
        assertThat(env.get("AWS_SECRET_ACCESS_KEY")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getKey())
                .isEqualTo("SECRET");
        assertThat(pod.getSpec().getVolumes())
                .extracting(v -> v.getPersistentVolumeClaim() == null
                        ? null
                        : v.getPersistentVolumeClaim().getClaimName())
                .contains("pg-2", "pg-2-wal");
    }

    @Test
    void anInitContainerFromTheOperatorImageCopiesTheLauncherIntoTheControllerVolume() {
        Pod pod = InstancePods.pod(CLUSTER, "pg-1", true, SETTINGS);
        Container init = pod.getSpec().getInitContainers().get(0);
        assertThat(init.getName()).isEqualTo("bootstrap-controller");
        assertThat(init.getImage()).isEqualTo("ghcr.io/cairn-io/cairn:1.2.3");
        assertThat(init.getCommand()).containsExactly("cp", "-R", "--remove-destination", "/cairn/.", "/controller/");
        assertThat(init.getVolumeMounts()).singleElement().satisfies(mount -> {
            assertThat(mount.getName()).isEqualTo("scratch-data");
            assertThat(mount.getMountPath()).isEqualTo("/controller");
        });
        assertThat(pod.getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals("scratch-data"))
                .singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
        Container postgres = pod.getSpec().getContainers().get(0);
        assertThat(postgres.getEnv())
                .filteredOn(e -> e.getName().equals("CAIRN_SELF_COMMAND"))
                .singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("/controller/manager"));
    }

    @Test
    void aClusterImageNameReplacesOnlyThePostgresImage() {
        Cluster withImage = Serialization.unmarshal(
                Serialization.asYaml(CLUSTER)
                        .replace("instances: 3", "instances: 3\n  imageName: registry.example/pg:16"),
                Cluster.class);
        Pod pod = InstancePods.pod(withImage, "pg-1", true, SETTINGS);
        assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example/pg:16");
        assertThat(pod.getSpec().getInitContainers().get(0).getImage()).isEqualTo("ghcr.io/cairn-io/cairn:1.2.3");
        assertThat(InstancePods.pod(CLUSTER, "pg-1", true, SETTINGS)
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("ghcr.io/cloudnative-pg/postgresql:15");
    }

    @Test
    void claimsCarryTheirRole() {
        assertThat(InstanceClaims.dataClaim(CLUSTER, "pg-1").getMetadata().getLabels())
                .containsEntry("cnpg.io/pvcRole", "PG_DATA");
        assertThat(InstanceClaims.dataClaim(CLUSTER, "pg-1")
                        .getSpec()
                        .getResources()
                        .getRequests()
                        .get("storage")
                        .toString())
                .isEqualTo("2Gi");
        assertThat(InstanceClaims.walClaim(CLUSTER, "pg-1").getMetadata().getName())
                .isEqualTo("pg-1-wal");
        assertThat(InstanceClaims.walClaim(CLUSTER, "pg-1").getMetadata().getLabels())
                .containsEntry("cnpg.io/pvcRole", "PG_WAL");
    }

    @Test
    void theFirstInstanceBootstrapsAndTheOthersJoinTheRwService() {
        InstanceConfig primary = InstanceConfigs.instanceConfig(CLUSTER, true);
        assertThat(primary.bootstrap().initdb().database()).isEqualTo("shop");
        assertThat(primary.bootstrap().initdb().owner()).isEqualTo("seller");
        assertThat(primary.bootstrap().ownerPasswordFile()).isEqualTo("/etc/cairn/app/password");
        assertThat(primary.archive().barmanObjectStore().destinationPath()).isEqualTo("s3://b/pg");
        InstanceConfig standby = InstanceConfigs.instanceConfig(CLUSTER, false);
        assertThat(standby.bootstrap().initdb()).isNull();
        assertThat(standby.bootstrap().join().host()).isEqualTo("pg-rw");
        assertThat(standby.replication().passwordFile()).isEqualTo("/etc/cairn/replication/password");
    }

    @Test
    void anArchiveAskingForAnAmbientIdentityIsRefusedForEveryInstanceWherePodsHaveNone() {
        Cluster cluster = withObjectStore("""
                destinationPath: https://account.blob.core.windows.net/backups
                azureCredentials: {inheritFromAzureAD: true}
                """);
        ConfigMap config = InstanceConfigs.instanceConfig(cluster, null, false);
        for (String key : List.of(InstanceConfigs.PRIMARY_CONFIG_KEY, InstanceConfigs.STANDBY_CONFIG_KEY)) {
            InstanceConfig.Archive archive =
                    InstanceConfigReader.parse(config.getData().get(key)).archive();
            assertThat(archive.barmanObjectStore().destinationPath())
                    .as(key)
                    .isEqualTo("https://account.blob.core.windows.net/backups");
            assertThat(archive.refusal())
                    .as(key)
                    .startsWith("azureCredentials.inheritFromAzureAD takes the identity")
                    .contains("this Kubernetes cluster (cairn.backup.ambient-identities=false) has none");
        }
    }

    @Test
    void anArchiveAskingForAnAmbientIdentityIsNotRefusedWherePodsHaveOne() {
        Cluster cluster = withObjectStore("""
                destinationPath: gs://backups/pg
                googleCredentials: {gkeEnvironment: true}
                """);
        assertThat(InstanceConfigs.archive(cluster, true).refusal()).isNull();
        assertThat(InstanceConfigs.archive(cluster, false).refusal()).startsWith("googleCredentials.gkeEnvironment");
    }

    @Test
    void anArchiveWithSecretCredentialsIsNeverRefused() {
        assertThat(InstanceConfigs.archive(CLUSTER, false).refusal()).isNull();
        assertThat(InstanceConfigs.archive(withSpec("storage: {size: 1Gi}"), false))
                .as("no archive")
                .isNull();
    }

    @Test
    void servicesSelectByRole() {
        assertThat(ClusterServices.services(CLUSTER))
                .extracting(s -> s.getMetadata().getName() + " "
                        + s.getSpec().getSelector().get("cnpg.io/instanceRole"))
                .containsExactly("pg-rw primary", "pg-ro replica", "pg-r null");
    }

    @Test
    void secretsHaveCloudNativePgsKeysAndFreshPasswords() {
        List<Secret> secrets = ClusterSecrets.secrets(CLUSTER, new PasswordGenerator());
        assertThat(secrets).extracting(s -> s.getMetadata().getName()).containsExactly("pg-app", "pg-replication");
        Map<String, String> app = secrets.get(0).getStringData();
        assertThat(app)
                .containsEntry("username", "seller")
                .containsEntry("dbname", "shop")
                .containsEntry("host", "pg-rw")
                .containsKeys("password", "uri", "pgpass");
        assertThat(app.get("password"))
                .hasSize(32)
                .isNotEqualTo(secrets.get(1).getStringData().get("password"));
        assertThat(secrets.get(1).getStringData()).containsEntry("username", "streaming_replica");
    }

    @Test
    void withoutSuperuserAccessThereIsNoSuperuserSecretAndPostgresGetsNoPassword() {
        assertThat(ClusterSecrets.secrets(CLUSTER, new PasswordGenerator()))
                .noneMatch(s -> s.getMetadata().getName().equals("pg-superuser"));
        assertThat(InstanceConfigs.instanceConfig(CLUSTER, true).superuserPasswordFile())
                .isNull();
        assertThat(InstancePods.pod(CLUSTER, "pg-1", true, SETTINGS).getSpec().getVolumes())
                .noneMatch(v -> v.getName().equals("superuser-secret"));
    }

    @Test
    void superuserAccessGeneratesTheSuperuserSecretAndMountsItForThePrimary() {
        Cluster cluster = withSpec("enableSuperuserAccess: true");
        Secret superuser =
                ClusterSecrets.secrets(cluster, new PasswordGenerator()).get(0);
        assertThat(superuser.getMetadata().getName()).isEqualTo("pg-superuser");
        assertThat(superuser.getType()).isEqualTo("kubernetes.io/basic-auth");
        assertThat(superuser.getStringData())
                .containsEntry("username", "postgres")
                .containsKeys("password");
        assertThat(InstanceConfigs.instanceConfig(cluster, true).superuserPasswordFile())
                .isEqualTo("/etc/cairn/superuser/password");
        Pod pod = InstancePods.pod(cluster, "pg-1", true, SETTINGS);
        assertThat(pod.getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals("superuser-secret"))
                .singleElement()
                .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("pg-superuser"));
        assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/cairn/superuser"));
    }

    @Test
    void aGivenSuperuserSecretIsMountedAndNoneIsGenerated() {
        Cluster cluster = withSpec("enableSuperuserAccess: true\n  superuserSecret: {name: my-postgres}");
        assertThat(ClusterSecrets.secrets(cluster, new PasswordGenerator()))
                .noneMatch(s -> s.getMetadata().getName().equals("pg-superuser"));
        assertThat(InstancePods.pod(cluster, "pg-1", true, SETTINGS).getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals("superuser-secret"))
                .singleElement()
                .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("my-postgres"));
    }

    @Test
    void theEndpointCaIsMountedAsAFileThatAwsCaBundleNames() {
        Cluster cluster = withObjectStore("""
                destinationPath: s3://b/pg
                endpointURL: https://s3.internal:9000
                endpointCA: {name: store-ca, key: root.pem}
                s3Credentials:
                  accessKeyId: {name: creds, key: ID}
                  secretAccessKey: {name: creds, key: SECRET}
                """);
        Pod pod = InstancePods.pod(cluster, "pg-1", true, SETTINGS);
        Container container = pod.getSpec().getContainers().get(0);

        assertThat(pod.getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals("endpoint-ca"))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.getSecret().getSecretName()).isEqualTo("store-ca");
                    assertThat(v.getSecret().getItems()).singleElement().satisfies(item -> {
                        assertThat(item.getKey()).isEqualTo("root.pem");
                        assertThat(item.getPath()).isEqualTo("ca.crt");
                    });
                });
        assertThat(container.getVolumeMounts())
                .filteredOn(m -> m.getName().equals("endpoint-ca"))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.getMountPath()).isEqualTo("/etc/cairn/endpoint-ca");
                    assertThat(m.getReadOnly()).isTrue();
                });
        assertThat(container.getEnv())
                .filteredOn(e -> e.getName().equals("AWS_CA_BUNDLE"))
                .singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("/etc/cairn/endpoint-ca/ca.crt"));
        assertThat(InstancePods.pod(CLUSTER, "pg-1", true, SETTINGS).getSpec().getVolumes())
                .noneMatch(v -> v.getName().equals("endpoint-ca"));
    }

    @Test
    void azureCredentialsBecomeSecretKeyRefsAndItsEndpointCaIsWhatRequestsVerifiesWith() {
        Cluster cluster = withObjectStore("""
                destinationPath: https://acct.blob.core.windows.net/backups/pg
                endpointCA: {name: store-ca, key: root.pem}
                azureCredentials:
                  storageAccount: {name: azure, key: ACCOUNT}
                  storageSasToken: {name: azure, key: SAS}
                """);
        Container container = InstancePods.pod(cluster, "pg-1", true, SETTINGS)
                .getSpec()
                .getContainers()
                .get(0);

        assertThat(container.getEnv())
                .filteredOn(e -> e.getName().startsWith("AZURE_"))
                .extracting(e ->
                        e.getName() + "=" + e.getValueFrom().getSecretKeyRef().getName() + "/"
                                + e.getValueFrom().getSecretKeyRef().getKey())
                .containsExactly("AZURE_STORAGE_ACCOUNT=azure/ACCOUNT", "AZURE_STORAGE_SAS_TOKEN=azure/SAS");
        assertThat(container.getEnv())
                .filteredOn(e -> e.getName().endsWith("_CA_BUNDLE"))
                .extracting(e -> e.getName() + "=" + e.getValue())
                .containsExactly(
                        "AWS_CA_BUNDLE=/etc/cairn/endpoint-ca/ca.crt",
                        "REQUESTS_CA_BUNDLE=/etc/cairn/endpoint-ca/ca.crt");
    }

    @Test
    void googleApplicationCredentialsAreAFileMountedFromTheSecretThatTheVariableNames() {
        Cluster cluster = withObjectStore("""
                destinationPath: gs://backups/pg
                googleCredentials:
                  applicationCredentials: {name: gcs, key: credentials.json}
                """);
        Pod pod = InstancePods.pod(cluster, "pg-1", true, SETTINGS);
        Container container = pod.getSpec().getContainers().get(0);

        assertThat(pod.getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals("google-credentials"))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.getSecret().getSecretName()).isEqualTo("gcs");
                    assertThat(v.getSecret().getItems()).singleElement().satisfies(item -> {
                        assertThat(item.getKey()).isEqualTo("credentials.json");
                        assertThat(item.getPath()).isEqualTo("application_credentials.json");
                    });
                });
        assertThat(container.getVolumeMounts())
                .filteredOn(m -> m.getName().equals("google-credentials"))
                .singleElement()
                .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/etc/cairn/google"));
        assertThat(container.getEnv())
                .filteredOn(e -> e.getName().equals("GOOGLE_APPLICATION_CREDENTIALS"))
                .singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("/etc/cairn/google/application_credentials.json"));
        assertThat(container.getEnv())
                .noneMatch(e -> e.getName().startsWith("AWS_") || e.getName().startsWith("AZURE_"));
    }

    /** A one-instance Cluster whose spec.backup.barmanObjectStore is {@code store} (YAML, not indented). */
    private static Cluster withObjectStore(String store) {
        return withSpec("backup:\n    barmanObjectStore:\n" + store.indent(6));
    }

    private static Cluster withSpec(String extra) {
        return Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg, namespace: db, uid: u1, generation: 1}
                spec:
                  instances: 1
                  %s
                """.formatted(extra), Cluster.class);
    }
}
