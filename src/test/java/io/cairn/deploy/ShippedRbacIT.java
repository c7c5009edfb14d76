package io.cairn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Helm;
import io.cairn.testing.SharedControlPlane;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RBAC of the Helm chart, rendered by helm and installed on the real API server, lets the operator's
 * ServiceAccount do what the operator does and nothing more — asked of the API server's own authorizer
 * (SubjectAccessReview). Two releases: one watching every namespace, one watching a single namespace.
 */
class ShippedRbacIT {

    private static final String OPERATOR_NAMESPACE = "cnpg-system";
    private static final String EVERYWHERE = "system:serviceaccount:cnpg-system:cairn";
    private static final String SCOPED = "system:serviceaccount:cnpg-system:cairn-scoped";
    private static final String WATCHED = "rbac-it-watched";

    private static KubernetesClient client;

    @BeforeAll
    static void installTheChartsRbac() {
        client = SharedControlPlane.newClient();
        for (String namespace : List.of(OPERATOR_NAMESPACE, WATCHED)) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(namespace)
                            .endMetadata()
                            .build())
                    .createOr(existing -> existing.update());
        }
        apply(Helm.template("cairn", OPERATOR_NAMESPACE, "--show-only", "templates/rbac.yaml")
                .succeeded());
        apply(Helm.template(
                        "cairn-scoped",
                        OPERATOR_NAMESPACE,
                        "--show-only",
                        "templates/rbac.yaml",
                        "--set",
                        "watchNamespaces={" + WATCHED + "}")
                .succeeded());
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @ParameterizedTest(name = "{0} {2}{3} in group \"{1}\"")
    @CsvSource({
        "watch, postgresql.cnpg.io, backups, ''",
        "create, postgresql.cnpg.io, backups, ''",
        "delete, postgresql.cnpg.io, backups, ''",
        "patch, postgresql.cnpg.io, backups, /status",
        "watch, postgresql.cnpg.io, scheduledbackups, ''",
        "patch, postgresql.cnpg.io, scheduledbackups, /status",
        "get, postgresql.cnpg.io, clusters, ''",
        "patch, postgresql.cnpg.io, clusters, /status",
        "update, postgresql.cnpg.io, clusters, /finalizers",
        "create, '', events, ''",
        "create, '', pods, ''",
        "delete, '', pods, ''",
        "watch, '', persistentvolumeclaims, ''",
        "create, '', services, ''",
        "create, '', secrets, ''",
        "watch, '', secrets, ''",
        "patch, '', configmaps, ''",
        "create, snapshot.storage.k8s.io, volumesnapshots, ''",
        "get, snapshot.storage.k8s.io, volumesnapshots, ''",
        "list, snapshot.storage.k8s.io, volumesnapshots, ''",
        "watch, snapshot.storage.k8s.io, volumesnapshots, ''",
        "patch, snapshot.storage.k8s.io, volumesnapshots, ''",
        "delete, snapshot.storage.k8s.io, volumesnapshots, ''",
    })
    void theOperatorMayInAnyNamespaceWhenItWatchesThemAll(
            String verb, String group, String resource, String subresource) {
        assertThat(allowed(EVERYWHERE, verb, group, resource, subresource, "some-namespace"))
                .isTrue();
    }

    @ParameterizedTest(name = "{0} {2}{3} in group \"{1}\"")
    @CsvSource({
        "watch, postgresql.cnpg.io, backups, ''",
        "patch, postgresql.cnpg.io, clusters, /status",
        "create, '', pods, ''",
        "create, '', events, ''",
        "create, snapshot.storage.k8s.io, volumesnapshots, ''",
    })
    void aReleaseWatchingOneNamespaceMayOnlyThere(String verb, String group, String resource, String subresource) {
        assertThat(allowed(SCOPED, verb, group, resource, subresource, WATCHED)).isTrue();
        assertThat(allowed(SCOPED, verb, group, resource, subresource, "some-namespace"))
                .isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "get, services",
        "list, services",
        "watch, services",
        "get, secrets",
        "list, secrets",
        "watch, secrets",
        "create, events",
        "patch, events"
    })
    void aReleaseWatchingOneNamespaceStillDiscoversPluginsInItsOwn(String verb, String resource) {
        assertThat(allowed(SCOPED, verb, "", resource, "", OPERATOR_NAMESPACE)).isTrue();
        assertThat(allowed(SCOPED, verb, "", resource, "", "some-namespace")).isFalse();
    }

    @Test
    void theLeaderLeaseIsOnlyInTheOperatorsNamespace() {
        for (String verb : List.of("get", "create", "update", "patch")) {
            assertThat(allowed(EVERYWHERE, verb, "coordination.k8s.io", "leases", "", OPERATOR_NAMESPACE))
                    .isTrue();
            assertThat(allowed(EVERYWHERE, verb, "coordination.k8s.io", "leases", "", "some-namespace"))
                    .isFalse();
        }
    }

    @Test
    void ofTheCrdsOnlyTheVolumeSnapshotOneCanBeRead() {
        assertThat(allowedOnName(EVERYWHERE, "get", "volumesnapshots.snapshot.storage.k8s.io"))
                .isTrue();
        assertThat(allowedOnName(EVERYWHERE, "get", "clusters.postgresql.cnpg.io"))
                .isFalse();
        assertThat(allowedOnName(EVERYWHERE, "delete", "volumesnapshots.snapshot.storage.k8s.io"))
                .isFalse();
    }

    @ParameterizedTest(name = "not {0} {2}")
    @CsvSource({
        "update, '', nodes",
        "create, '', persistentvolumes",
        "delete, '', namespaces",
        "create, rbac.authorization.k8s.io, clusterroles",
        "create, postgresql.cnpg.io, clusters",
        "delete, postgresql.cnpg.io, clusters",
        "delete, postgresql.cnpg.io, scheduledbackups",
        "create, '', pods/exec",
    })
    void theOperatorMayNot(String verb, String group, String resource) {
        String[] parts = resource.split("/", 2);
        assertThat(allowed(EVERYWHERE, verb, group, parts[0], parts.length > 1 ? "/" + parts[1] : "", "some-namespace"))
                .isFalse();
    }

    private static void apply(String manifests) {
        List<HasMetadata> resources = client.load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8)))
                .items();
        assertThat(resources).isNotEmpty();
        for (HasMetadata resource : resources) {
            client.resource(resource).createOr(existing -> existing.update());
        }
    }

    private static boolean allowed(
            String user, String verb, String group, String resource, String subresource, String namespace) {
        return review(
                user,
                new ResourceAttributesBuilder()
                        .withVerb(verb)
                        .withGroup(group)
                        .withResource(resource)
                        .withSubresource(subresource.isEmpty() ? null : subresource.substring(1))
                        .withNamespace(namespace));
    }

    private static boolean allowedOnName(String user, String verb, String crd) {
        return review(
                user,
                new ResourceAttributesBuilder()
                        .withVerb(verb)
                        .withGroup("apiextensions.k8s.io")
                        .withResource("customresourcedefinitions")
                        .withName(crd));
    }

    private static boolean review(String user, ResourceAttributesBuilder attributes) {
        SubjectAccessReview review = client.authorization()
                .v1()
                .subjectAccessReview()
                .create(new SubjectAccessReviewBuilder()
                        .withNewSpec()
                        .withUser(user)
                        .withGroups(
                                "system:serviceaccounts",
                                "system:serviceaccounts:" + OPERATOR_NAMESPACE,
                                "system:authenticated")
                        .withResourceAttributes(attributes.build())
                        .endSpec()
                        .build());
        return review.getStatus().getAllowed();
    }
}
