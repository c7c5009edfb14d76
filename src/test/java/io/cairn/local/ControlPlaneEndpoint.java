package io.cairn.local;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How to reach the local runtime's API server, as an administrator. */
public record ControlPlaneEndpoint(
        String serverUrl, String token, Path caCertificate, Path kubeconfig, String serverVersion, Path workDir) {

    /** A new administrator client; the caller closes it. */
    public KubernetesClient newClient() {
        return clientFor(kubeconfig);
    }

    /** A new client for the kubeconfig file; the caller closes it. */
    public static KubernetesClient clientFor(Path kubeconfig) {
        try {
            Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
