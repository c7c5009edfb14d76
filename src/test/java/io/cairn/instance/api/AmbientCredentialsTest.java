package io.cairn.instance.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.AzureCredentials;
import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.GoogleCredentials;
import io.cairn.api.v1.S3Credentials;
import io.cairn.api.v1.SecretKeySelector;
import org.junit.jupiter.api.Test;

class AmbientCredentialsTest {

    private static final SecretKeySelector KEY = new SecretKeySelector("store", "key");
    private static final String LOCAL = "Cairn's local runtime";

    @Test
    void credentialsFromSecretsAreNotAmbient() {
        assertThat(AmbientCredentials.refusal(store(new S3Credentials(KEY, KEY, null, null, false), null, null), LOCAL))
                .isEmpty();
        assertThat(AmbientCredentials.refusal(
                        store(null, new AzureCredentials(KEY, null, null, null, null, null), null), LOCAL))
                .isEmpty();
        assertThat(AmbientCredentials.refusal(store(null, null, new GoogleCredentials(KEY, false)), LOCAL))
                .isEmpty();
    }

    @Test
    void inheritFromAzureAdIsRefusedWithWhatToDoInstead() {
        assertThat(AmbientCredentials.refusal(
                        store(null, new AzureCredentials(null, KEY, null, null, true, null), null), LOCAL))
                .hasValue("azureCredentials.inheritFromAzureAD takes the identity of the cloud the "
                        + "pod runs in (from the node's metadata endpoint), and Cairn's local runtime has none: give the "
                        + "object store's credentials in Secrets instead (s3Credentials keys, azureCredentials "
                        + "connectionString or storageAccount with storageKey or storageSasToken, "
                        + "googleCredentials.applicationCredentials)");
    }

    @Test
    void gkeEnvironmentAndIamRoleAreRefusedToo() {
        assertThat(AmbientCredentials.refusal(store(null, null, new GoogleCredentials(null, true)), LOCAL))
                .hasValueSatisfying(
                        message -> assertThat(message).startsWith("googleCredentials.gkeEnvironment takes "));
        assertThat(AmbientCredentials.requested(store(new S3Credentials(null, null, null, null, true), null, null)))
                .containsExactly("s3Credentials.inheritFromIAMRole");
    }

    private static BarmanObjectStoreConfiguration store(
            S3Credentials s3, AzureCredentials azure, GoogleCredentials google) {
        return new BarmanObjectStoreConfiguration(
                s3, azure, google, null, null, "s3://b/p", null, null, null, null, null);
    }
}
