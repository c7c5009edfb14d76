package io.cairn.instance.api;

import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Credentials barman-cloud takes from where it runs instead of from a Secret: an AWS IAM role
 * ({@code s3Credentials.inheritFromIAMRole}), an Azure AD managed or workload identity
 * ({@code azureCredentials.inheritFromAzureAD}, barman's {@code --credential managed-identity}) and a GKE workload
 * identity ({@code googleCredentials.gkeEnvironment}). Each is served by the cloud's metadata endpoint of the node.
 * Where there is none, as in Cairn's local runtime, barman would only find that out after its HTTP timeouts, from
 * a request to an address off the machine; {@link #refusal} says so at once. Pure: the caller decides where ambient
 * identities are unavailable.
 */
public final class AmbientCredentials {

    /** Where {@code cairn.backup.ambient-identities} is off: the place {@link #refusal} names. */
    public static final String UNAVAILABLE_HERE = "this Kubernetes cluster (cairn.backup.ambient-identities=false)";

    private AmbientCredentials() {}

    /** The fields of {@code store} that ask for an ambient identity, by their names in the Cluster. */
    public static List<String> requested(BarmanObjectStoreConfiguration store) {
        List<String> fields = new ArrayList<>();
        if (store.s3Credentials() != null
                && Boolean.TRUE.equals(store.s3Credentials().inheritFromIAMRole())) {
            fields.add("s3Credentials.inheritFromIAMRole");
        }
        if (store.azureCredentials() != null
                && Boolean.TRUE.equals(store.azureCredentials().inheritFromAzureAD())) {
            fields.add("azureCredentials.inheritFromAzureAD");
        }
        if (store.googleCredentials() != null
                && Boolean.TRUE.equals(store.googleCredentials().gkeEnvironment())) {
            fields.add("googleCredentials.gkeEnvironment");
        }
        return fields;
    }

    /**
     * Why {@code store} cannot be used in {@code place}, a runtime without ambient cloud identities (e.g. "the local
     * runtime"), or empty when it needs none.
     */
    public static Optional<String> refusal(BarmanObjectStoreConfiguration store, String place) {
        List<String> fields = requested(store);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join(" and ", fields) + " take" + (fields.size() == 1 ? "s" : "")
                + " the identity of the cloud the pod runs in (from the node's metadata endpoint), and " + place
                + " has none: give the object store's credentials in Secrets instead (s3Credentials keys, "
                + "azureCredentials connectionString or storageAccount with storageKey or storageSasToken, "
                + "googleCredentials.applicationCredentials)");
    }
}
