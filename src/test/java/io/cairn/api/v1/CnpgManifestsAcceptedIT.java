package io.cairn.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.CnpgReference;
import io.cairn.testing.SharedControlPlane;
import io.cairn.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every CloudNativePG sample and e2e fixture is accepted, unchanged, by our CRDs on a real API server. */
class CnpgManifestsAcceptedIT {

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private static KubernetesClient client;
    private static TestNamespace namespace;

    @BeforeAll
    static void startControlPlane() {
        client = SharedControlPlane.newClient();
        namespace = TestNamespace.create(client, "cnpg-manifests");
    }

    @AfterAll
    static void cleanUp() {
        namespace.close();
        client.close();
    }

    static Stream<Arguments> cnpgManifests() {
        List<Arguments> documents = new ArrayList<>();
        for (Path file : CnpgReference.manifests()) {
            String relative = CnpgReference.root().relativize(file).toString();
            int index = 0;
            for (String document : DOCUMENT_SEPARATOR.split(CnpgReference.render(file))) {
                if (!document.isBlank()) {
                    documents.add(Arguments.of(relative + "#" + index++, document));
                }
            }
        }
        assertThat(documents).as("CloudNativePG manifests found").hasSizeGreaterThanOrEqualTo(35);
        return documents.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cnpgManifests")
    void isAcceptedWithStrictFieldValidation(String name, String yaml) {
        GenericKubernetesResource manifest = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        assertThat(manifest.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");

        client.genericKubernetesResources(manifest.getApiVersion(), manifest.getKind())
                .inNamespace(namespace.name())
                .resource(manifest)
                .dryRun()
                .fieldValidation(Validation.STRICT)
                .create();
    }

    @Test
    void clusterFieldsCairnDoesNotModelArePreservedNotPruned() {
        GenericKubernetesResource cluster = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata:
                  name: preserved
                spec:
                  instances: 1
                  primaryUpdateStrategy: unsupervised
                  monitoring:
                    enablePodMonitor: true
                  postgresql:
                    parameters:
                      max_connections: "50"
                    pg_hba:
                      - host all all 10.0.0.0/8 scram-sha-256
                  bootstrap:
                    initdb:
                      database: app
                      localeProvider: icu
                  storage:
                    size: 1Gi
                """, GenericKubernetesResource.class);

        GenericKubernetesResource stored = client.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster")
                .inNamespace(namespace.name())
                .resource(cluster)
                .fieldValidation(Validation.STRICT)
                .create();

        Map<String, Object> spec = stored.get("spec");
        assertThat(spec)
                .containsEntry("primaryUpdateStrategy", "unsupervised")
                .containsEntry("monitoring", Map.of("enablePodMonitor", true));
        assertThat(stored.<List<String>>get("spec", "postgresql", "pg_hba"))
                .containsExactly("host all all 10.0.0.0/8 scram-sha-256");
        assertThat(stored.<String>get("spec", "bootstrap", "initdb", "localeProvider"))
                .isEqualTo("icu");
    }

    @Test
    void schemaDefaultsAreAppliedByTheApiServer() {
        GenericKubernetesResource backup = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata:
                  name: defaults
                spec:
                  cluster:
                    name: pg
                """, GenericKubernetesResource.class);
        GenericKubernetesResource cluster = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata:
                  name: defaults
                spec:
                  backup:
                    volumeSnapshot:
                      className: csi
                """, GenericKubernetesResource.class);

        GenericKubernetesResource storedBackup = client.genericKubernetesResources("postgresql.cnpg.io/v1", "Backup")
                .inNamespace(namespace.name())
                .resource(backup)
                .dryRun()
                .create();
        GenericKubernetesResource storedCluster = client.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster")
                .inNamespace(namespace.name())
                .resource(cluster)
                .dryRun()
                .create();

        assertThat(storedBackup.<String>get("spec", "method")).isEqualTo("barmanObjectStore");
        assertThat(storedCluster.<Integer>get("spec", "instances")).isEqualTo(1);
        assertThat(storedCluster.<String>get("spec", "backup", "target")).isEqualTo("prefer-standby");
        assertThat(storedCluster.<Map<String, Object>>get("spec", "backup", "volumeSnapshot"))
                .containsEntry("online", true)
                .containsEntry("snapshotOwnerReference", "none")
                .containsEntry("onlineConfiguration", Map.of("immediateCheckpoint", false, "waitForArchive", true));
    }
}
