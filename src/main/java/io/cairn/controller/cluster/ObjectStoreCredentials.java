package io.cairn.controller.cluster;

import io.cairn.api.v1.AzureCredentials;
import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.S3Credentials;
import io.cairn.api.v1.SecretKeySelector;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * How an object store's credentials reach barman-cloud in a pod, under CloudNativePG's variable names
 * ({@code shared/spec/cnpg-backup-api.md} §1.3): each Secret key through a {@code secretKeyRef}, never copied into
 * the pod spec, and Google's service-account JSON as a file mounted from its Secret.
 */
final class ObjectStoreCredentials {

    static final String GOOGLE_CREDENTIALS_MOUNT = "/etc/cairn/google";
    static final String RECOVERY_GOOGLE_CREDENTIALS_MOUNT = "/etc/cairn/recovery-google";
    static final String GOOGLE_CREDENTIALS_FILE = "application_credentials.json";

    private ObjectStoreCredentials() {}

    /**
     * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_DEFAULT_REGION}, {@code AWS_SESSION_TOKEN}
     * for S3; {@code AZURE_STORAGE_CONNECTION_STRING}, {@code AZURE_STORAGE_ACCOUNT}, {@code AZURE_STORAGE_KEY},
     * {@code AZURE_STORAGE_SAS_TOKEN} for Azure; each for a selector that is set, its name prefixed by {@code prefix}.
     */
    static List<EnvVar> environment(BarmanObjectStoreConfiguration store, String prefix) {
        List<EnvVar> env = new ArrayList<>();
        S3Credentials s3 = store.s3Credentials();
        if (s3 != null) {
            secretKey(env, prefix + "AWS_ACCESS_KEY_ID", s3.accessKeyId());
            secretKey(env, prefix + "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey());
            secretKey(env, prefix + "AWS_DEFAULT_REGION", s3.region());
            secretKey(env, prefix + "AWS_SESSION_TOKEN", s3.sessionToken());
        }
        AzureCredentials azure = store.azureCredentials();
        if (azure != null) {
            secretKey(env, prefix + "AZURE_STORAGE_CONNECTION_STRING", azure.connectionString());
            secretKey(env, prefix + "AZURE_STORAGE_ACCOUNT", azure.storageAccount());
            secretKey(env, prefix + "AZURE_STORAGE_KEY", azure.storageKey());
            secretKey(env, prefix + "AZURE_STORAGE_SAS_TOKEN", azure.storageSasToken());
        }
        return env;
    }

    /**
     * {@code googleCredentials.applicationCredentials}: its Secret key mounted as
     * {@code /etc/cairn/google/application_credentials.json}, and {@code GOOGLE_APPLICATION_CREDENTIALS} naming it
     * (CloudNativePG writes the same file to {@code /controller/.application_credentials.json} itself).
     */
    static void addGoogleCredentials(
            BarmanObjectStoreConfiguration store, List<Volume> volumes, List<VolumeMount> mounts, List<EnvVar> env) {
        addGoogleCredentials(store, "google-credentials", GOOGLE_CREDENTIALS_MOUNT, "", volumes, mounts, env);
    }

    /**
     * The same for a recovery source, under {@code /etc/cairn/recovery-google} and with the variable's name prefixed
     * by {@code prefix} ({@code CAIRN_RECOVERY_}), as the source's other credentials.
     */
    static void addRecoveryGoogleCredentials(
            BarmanObjectStoreConfiguration store,
            String prefix,
            List<Volume> volumes,
            List<VolumeMount> mounts,
            List<EnvVar> env) {
        addGoogleCredentials(
                store, "recovery-google-credentials", RECOVERY_GOOGLE_CREDENTIALS_MOUNT, prefix, volumes, mounts, env);
    }

    private static void addGoogleCredentials(
            BarmanObjectStoreConfiguration store,
            String volume,
            String mountPath,
            String prefix,
            List<Volume> volumes,
            List<VolumeMount> mounts,
            List<EnvVar> env) {
        if (store == null
                || store.googleCredentials() == null
                || store.googleCredentials().applicationCredentials() == null) {
            return;
        }
        SecretKeySelector key = store.googleCredentials().applicationCredentials();
        volumes.add(new VolumeBuilder()
                .withName(volume)
                .withNewSecret()
                .withSecretName(key.name())
                .addNewItem()
                .withKey(key.key())
                .withPath(GOOGLE_CREDENTIALS_FILE)
                .endItem()
                .withDefaultMode(0440)
                .endSecret()
                .build());
        mounts.add(new VolumeMountBuilder()
                .withName(volume)
                .withMountPath(mountPath)
                .withReadOnly(true)
                .build());
        env.add(new EnvVarBuilder()
                .withName(prefix + "GOOGLE_APPLICATION_CREDENTIALS")
                .withValue(mountPath + "/" + GOOGLE_CREDENTIALS_FILE)
                .build());
    }

    private static void secretKey(List<EnvVar> env, String name, SecretKeySelector selector) {
        if (selector != null) {
            env.add(new EnvVarBuilder()
                    .withName(name)
                    .withNewValueFrom()
                    .withNewSecretKeyRef()
                    .withName(selector.name())
                    .withKey(selector.key())
                    .endSecretKeyRef()
                    .endValueFrom()
                    .build());
        }
    }
}
