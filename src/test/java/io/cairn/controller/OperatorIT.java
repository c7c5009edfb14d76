package io.cairn.controller;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ScheduledBackup;
import io.cairn.testing.LocalControlPlaneResource;
import io.cairn.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator process runs against the real local control plane: it reconciles, reports health and metrics. */
@QuarkusTest
@QuarkusTestResource(LocalControlPlaneResource.class)
class OperatorIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    KubernetesClient client;

    private TestNamespace namespace;

    @BeforeEach
    void createNamespace() {
        namespace = TestNamespace.create(client, "operator");
    }

    @AfterEach
    void deleteNamespace() {
        namespace.close();
    }

    @Test
    void everyKindIsReconciledAndItsObservedGenerationRecorded() {
        Cluster cluster = create(Cluster.class, """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg}
                spec: {instances: 1, storage: {size: 1Gi}}
                """);
        client.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster").inNamespace(namespace.name())
                .resource(Serialization.unmarshal("""
                        apiVersion: postgresql.cnpg.io/v1
                        kind: Cluster
                        metadata: {name: pg-with-fields-cairn-does-not-model}
                        spec:
                          instances: 1
                          primaryUpdateStrategy: unsupervised
                          postgresql: {pg_hba: ["host all all 10.0.0.0/8 scram-sha-256"]}
                          bootstrap: {initdb: {database: app, localeProvider: icu, icuLocale: en}}
                        """, GenericKubernetesResource.class)).create();
        Backup backup = create(Backup.class, """
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: pg-backup}
                spec: {cluster: {name: pg}}
                """);
        ScheduledBackup scheduledBackup = create(ScheduledBackup.class, """
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: pg-daily}
                spec: {cluster: {name: pg}, schedule: '0 0 0 * * *'}
                """);

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(reread(cluster).getStatus()).isNotNull();
            assertThat(reread(cluster).getStatus().observedGeneration()).isEqualTo(1L);
            assertThat(reread(backup).getStatus().observedGeneration()).isEqualTo(1L);
            assertThat(reread(scheduledBackup).getStatus().observedGeneration()).isEqualTo(1L);
            assertThat(client.resources(Cluster.class).inNamespace(namespace.name())
                    .withName("pg-with-fields-cairn-does-not-model").get().getStatus().observedGeneration())
                    .isEqualTo(1L);
        });

        client.resources(ScheduledBackup.class).inNamespace(namespace.name()).withName("pg-daily")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"schedule\":\"0 30 1 * * *\"}}");

        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(reread(scheduledBackup).getStatus().observedGeneration()).isEqualTo(2L));
    }

    @Test
    void ownedBackupsAreGarbageCollectedWithTheirOwner() {
        ScheduledBackup owner = create(ScheduledBackup.class, """
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: owner}
                spec: {cluster: {name: pg}, schedule: '@daily', backupOwnerReference: self}
                """);
        Backup owned = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: owner-20261125000000}
                spec: {cluster: {name: pg}}
                """, Backup.class);
        owned.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                .withApiVersion("postgresql.cnpg.io/v1").withKind("ScheduledBackup")
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).build()));
        Backup created = client.resource(owned).inNamespace(namespace.name()).create();

        client.resource(owner).delete();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(reread(created)).isNull());
    }

    @Test
    void healthIsUpOnceTheControllersHaveStarted() {
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP")));
    }

    @Test
    void prometheusMetricsIncludeTheReconcilers() {
        create(Backup.class, """
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: metrics}
                spec: {cluster: {name: pg}}
                """);

        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("operator_sdk_reconciliations_executions_backup"))
                .body(containsString("jvm_memory_used_bytes")));
    }

    private <T extends HasMetadata> T create(Class<T> type, String yaml) {
        T resource = Serialization.unmarshal(yaml, type);
        return client.resource(resource).inNamespace(namespace.name()).create();
    }

    private <T extends HasMetadata> T reread(T resource) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) resource.getClass();
        return client.resources(type).inNamespace(namespace.name()).withName(resource.getMetadata().getName()).get();
    }
}
