package io.cairn.plugin;

import io.cairn.local.FreePort;
import io.cairn.local.ServerProcess;
import io.cairn.testing.SharedControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Barman Cloud plugin as {@code local/plugin-barman-cloud.sh} builds it from the Go module proxy, unchanged:
 * its binary and the manifests of its release. The tests fail, naming the script, when it was not built.
 */
final class BarmanCloudPlugin {

    /** The plugin's name, as its Identity service says and as Clusters and Backups refer to it. */
    static final String NAME = "barman-cloud.cloudnative-pg.io";

    private static final Path SCRIPT = Path.of("local", "plugin-barman-cloud.sh");

    private BarmanCloudPlugin() {}

    /** The directory of the build: {@code manager}, {@code crd/}, {@code rbac/}, {@code kubernetes/}. */
    static Path directory() {
        Path directory;
        try {
            Process process = new ProcessBuilder(SCRIPT.toString(), "--path")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes()).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(SCRIPT + " --path failed: " + out);
            }
            directory = Path.of(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (!Files.isExecutable(directory.resolve("manager"))) {
            throw new AssertionError(directory.resolve("manager") + " is missing: run " + SCRIPT
                    + " (local/test runs it before the suite)");
        }
        return directory;
    }

    static Path manager() {
        return directory().resolve("manager");
    }

    /** The release's ObjectStore CRD ({@code barmancloud.cnpg.io/v1}). */
    static Path objectStoreCrd() {
        return directory().resolve("crd").resolve("barmancloud.cnpg.io_objectstores.yaml");
    }

    /** The plugin's documented example Cluster, in {@code namespace}. */
    static String exampleCluster(String namespace) {
        return """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: cluster-example, namespace: %s}
                spec:
                  instances: 1
                  storage: {size: 1Gi}
                  plugins:
                  - name: barman-cloud.cloudnative-pg.io
                    isWALArchiver: true
                    parameters: {barmanObjectName: minio-store}
                """.formatted(namespace);
    }

    /** The release's Service manifest ({@code kubernetes/service.yaml}). */
    static Path service() {
        return directory().resolve("kubernetes").resolve("service.yaml");
    }

    /**
     * Its operator-side component as a process against the local runtime's API server (its ObjectStore CRD applied
     * first), with the arguments of its own Deployment ({@code kubernetes/deployment.yaml}) but listening on
     * {@code host:grpcPort} and without leader election (one replica, and its Lease would outlive the test); its
     * files and log under {@code dir}.
     */
    static ServerProcess startOperatorSide(
            Path dir, String host, int grpcPort, SelfSignedCertificate server, SelfSignedCertificate client)
            throws IOException {
        try (KubernetesClient kubernetes = SharedControlPlane.newClient();
                InputStream crd = Files.newInputStream(objectStoreCrd())) {
            kubernetes.load(crd).serverSideApply();
        }
        Path serverDir = Files.createDirectories(dir.resolve("server"));
        Path clientDir = Files.createDirectories(dir.resolve("client"));
        Files.writeString(serverDir.resolve("tls.crt"), server.certificatePem());
        Files.writeString(serverDir.resolve("tls.key"), server.keyPem());
        Files.writeString(clientDir.resolve("tls.crt"), client.certificatePem());
        int healthPort = FreePort.pick();
        return ServerProcess.start(
                "barman-cloud plugin",
                List.of(
                        manager().toString(),
                        "operator",
                        "--server-cert=" + serverDir.resolve("tls.crt"),
                        "--server-key=" + serverDir.resolve("tls.key"),
                        "--client-cert=" + clientDir.resolve("tls.crt"),
                        "--server-address=" + host + ":" + grpcPort,
                        "--health-probe-bind-address=127.0.0.1:" + healthPort,
                        "--metrics-bind-address=0",
                        "--log-level=debug"),
                Map.of(
                        "KUBECONFIG",
                        SharedControlPlane.get().kubeconfig().toString(),
                        "SIDECAR_IMAGE",
                        "localhost/cairn/plugin-barman-cloud-sidecar:v0.15.0"),
                dir.resolve("plugin.log"),
                HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + healthPort + "/readyz"));
    }
}
