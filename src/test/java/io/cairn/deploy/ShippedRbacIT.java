package io.cairn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.SharedControlPlane;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RBAC generated into target/kubernetes/kubernetes.yml, installed on the real API server, lets the operator's
 * ServiceAccount do what the operator does — asked of the API server's own authorizer (SubjectAccessReview).
 */
class ShippedRbacIT {

    private static final String SERVICE_ACCOUNT = "system:serviceaccount:cnpg-system:cairn";

    private static KubernetesClient client;

    @BeforeAll
    static void installShippedRbac() throws IOException {
        client = SharedControlPlane.newClient();
        if (client.namespaces().withName("cnpg-system").get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("cnpg-system")
                    .endMetadata().build()).create();
        }
        try (FileInputStream manifests = new FileInputStream("target/kubernetes/kubernetes.yml")) {
            List<HasMetadata> resources = client.load(manifests).items();
            for (HasMetadata resource : resources) {
                if (resource instanceof ClusterRole || resource instanceof ClusterRoleBinding) {
                    client.resource(resource).createOr(existing -> existing.update());
                }
            }
        }
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @ParameterizedTest(name = "{0} {2} in group \"{1}\"{3}")
    @CsvSource({
            "watch, postgresql.cnpg.io, backups, ''",
            "patch, postgresql.cnpg.io, backups, /status",
            "create, postgresql.cnpg.io, backups, ''",
            "watch, postgresql.cnpg.io, scheduledbackups, ''",
            "patch, postgresql.cnpg.io, scheduledbackups, /status",
            "get, postgresql.cnpg.io, clusters, ''",
            "patch, postgresql.cnpg.io, clusters, /status",
            "get, apiextensions.k8s.io, customresourcedefinitions, ''",
            "create, '', events, ''",
            "get, coordination.k8s.io, leases, ''",
            "create, coordination.k8s.io, leases, ''",
            "update, coordination.k8s.io, leases, ''",
            "create, '', pods, ''",
            "delete, '', pods, ''",
            "watch, '', persistentvolumeclaims, ''",
            "create, '', services, ''",
            "create, '', secrets, ''",
            "watch, '', secrets, ''",
            "patch, '', configmaps, ''",
    })
    void theOperatorsServiceAccountIsAllowedTo(String verb, String group, String resource, String subresource) {
        assertThat(allowed(verb, group, resource, subresource.isEmpty() ? null : subresource.substring(1))).isTrue();
    }

    @ParameterizedTest(name = "not {0} {2}")
    @CsvSource({
            "update, '', nodes",
            "create, '', persistentvolumes",
            "delete, '', namespaces",
            "create, rbac.authorization.k8s.io, clusterroles",
    })
    void theOperatorsServiceAccountIsNotAllowedTo(String verb, String group, String resource) {
        assertThat(allowed(verb, group, resource, null)).isFalse();
    }

    private static boolean allowed(String verb, String group, String resource, String subresource) {
        SubjectAccessReview review = client.authorization().v1().subjectAccessReview().create(
                new SubjectAccessReviewBuilder().withNewSpec()
                        .withUser(SERVICE_ACCOUNT)
                        .withGroups("system:serviceaccounts", "system:serviceaccounts:cnpg-system",
                                "system:authenticated")
                        .withNewResourceAttributes()
                        .withVerb(verb).withGroup(group).withResource(resource).withSubresource(subresource)
                        .withNamespace("some-namespace")
                        .endResourceAttributes()
                        .endSpec().build());
        return review.getStatus().getAllowed();
    }
}
