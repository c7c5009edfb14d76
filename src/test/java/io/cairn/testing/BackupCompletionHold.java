package io.cairn.testing;

import io.cairn.api.v1.Backup;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;

/**
 * Keeps chosen Backups of one namespace from being written {@code completed}, so that a test can kill the operator
 * at a step that would otherwise pass in milliseconds (a volumeSnapshot backup whose snapshots are ready at once
 * spends one reconcile in {@code finalizing}).
 *
 * <p>The hold is the apiserver's own admission: a ValidatingAdmissionPolicy refuses any write of
 * {@code backups/status} with phase {@code completed} for a Backup annotated {@value #ANNOTATION} in the namespace.
 * The operator sees a refused status patch, as it would see any API error, and retries; removing the annotation
 * releases the Backup at once. The policy is made when the hold is opened; the apiserver takes up to a second or two
 * to enforce it, so open it well before the first held Backup could complete, and check after the kill that the
 * Backup is not completed.
 */
public final class BackupCompletionHold implements AutoCloseable {

    public static final String ANNOTATION = "cairn.test/hold-completion";
    /** The message of the apiserver's refusal, which the operator records in the Backup's conditions. */
    public static final String REFUSAL = "held by the test";

    private final KubernetesClient client;
    private final String namespace;
    private final List<GenericKubernetesResource> admission;

    private BackupCompletionHold(KubernetesClient client, String namespace, List<GenericKubernetesResource> admission) {
        this.client = client;
        this.namespace = namespace;
        this.admission = admission;
    }

    public static BackupCompletionHold open(KubernetesClient client, String namespace) {
        String name = "cairn-it-hold-completion-" + namespace;
        GenericKubernetesResource policy =
                Serialization.unmarshal("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: %s}
                spec:
                  failurePolicy: Fail
                  matchConstraints:
                    resourceRules:
                    - apiGroups: [postgresql.cnpg.io]
                      apiVersions: ["*"]
                      operations: [UPDATE]
                      resources: [backups/status]
                  matchConditions:
                  - name: held
                    expression: "has(object.metadata.annotations) && '%s' in object.metadata.annotations"
                  validations:
                  - expression: "!has(object.status) || !has(object.status.phase) || object.status.phase != 'completed'"
                    message: "%s: the operator is to be killed before this Backup completes"
                """.formatted(name, ANNOTATION, REFUSAL), GenericKubernetesResource.class);
        GenericKubernetesResource binding =
                Serialization.unmarshal("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: %s}
                spec:
                  policyName: %s
                  validationActions: [Deny]
                  matchResources:
                    namespaceSelector:
                      matchLabels: {kubernetes.io/metadata.name: %s}
                """.formatted(name, name, namespace), GenericKubernetesResource.class);
        List<GenericKubernetesResource> admission = List.of(policy, binding);
        admission.forEach(object -> client.resource(object).serverSideApply());
        return new BackupCompletionHold(client, namespace, admission);
    }

    /** Holds the Backup {@code name}: from now on it cannot be written {@code completed}. */
    public void hold(String name) {
        annotate(name, "\"true\"");
    }

    /** Lets the Backup {@code name} complete again. */
    public void release(String name) {
        annotate(name, "null");
    }

    private void annotate(String name, String value) {
        client.resources(Backup.class)
                .inNamespace(namespace)
                .withName(name)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"%s\":%s}}}".formatted(ANNOTATION, value));
    }

    @Override
    public void close() {
        for (int i = admission.size() - 1; i >= 0; i--) {
            client.resource(admission.get(i)).delete();
        }
    }
}
