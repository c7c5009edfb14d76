package io.cairn.local;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver and a kube-controller-manager that runs only the
 * garbage-collector and namespace controllers, so owner references cascade and namespaces terminate as in a real
 * cluster. The binaries come from {@code local/kube-binaries.sh}. Used by the integration tests and the demo.
 */
public final class LocalControlPlane implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalControlPlane.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private final Path workDir;
    private final List<Process> processes = new ArrayList<>();
    private final String serverUrl;
    private final String token;
    private final Path kubeconfig;
    private String serverVersion = "unknown";

    private LocalControlPlane(Path workDir, int apiServerPort) {
        this.workDir = workDir;
        this.serverUrl = "https://127.0.0.1:" + apiServerPort;
        this.token = HexFormat.of().formatHex(randomBytes(24));
        this.kubeconfig = workDir.resolve("kubeconfig");
    }

    /**
     * Starts the control plane, installs the given CRDs (before the garbage collector starts, so it knows their
     * kinds from its first discovery), and returns once garbage collection is seen to work.
     */
    public static LocalControlPlane start(Path binaryDir, Path workDir, List<Path> crds) {
        requireBinaries(binaryDir);
        LocalControlPlane plane = new LocalControlPlane(workDir, FreePort.pick());
        try {
            plane.startEtcdAndApiServer(binaryDir);
            plane.installCrds(crds);
            plane.startControllerManager(binaryDir);
            plane.awaitGarbageCollection();
            return plane;
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    /** How to reach this control plane. */
    public ControlPlaneEndpoint endpoint() {
        return new ControlPlaneEndpoint(serverUrl, token, caCertificate(), kubeconfig, serverVersion, workDir);
    }

    /** A new client for an administrator (group system:masters); the caller closes it. */
    public KubernetesClient newClient() {
        return endpoint().newClient();
    }

    private Path caCertificate() {
        return workDir.resolve("pki/apiserver.crt");
    }

    private void startEtcdAndApiServer(Path binaryDir) {
        createDirectories(workDir.resolve("pki"));
        int etcdClientPort = FreePort.pick();
        int etcdPeerPort = FreePort.pick();
        String etcdUrl = "http://127.0.0.1:" + etcdClientPort;
        String peerUrl = "http://127.0.0.1:" + etcdPeerPort;
        launch("etcd", List.of(binaryDir.resolve("etcd").toString(),
                "--data-dir=" + workDir.resolve("etcd"),
                "--listen-client-urls=" + etcdUrl, "--advertise-client-urls=" + etcdUrl,
                "--listen-peer-urls=" + peerUrl, "--initial-advertise-peer-urls=" + peerUrl,
                "--initial-cluster=default=" + peerUrl,
                "--unsafe-no-fsync=true", "--log-level=warn"));

        Path tokens = writeString(workDir.resolve("tokens.csv"),
                token + ",cairn-admin,cairn-admin,\"system:masters\"\n");
        Path serviceAccountKey = writeString(workDir.resolve("pki/service-account.key"), newRsaPrivateKeyPem());
        launch("kube-apiserver", List.of(binaryDir.resolve("kube-apiserver").toString(),
                "--etcd-servers=" + etcdUrl,
                "--bind-address=127.0.0.1",
                "--secure-port=" + URI.create(serverUrl).getPort(),
                "--cert-dir=" + workDir.resolve("pki"),
                "--token-auth-file=" + tokens,
                "--authorization-mode=RBAC",
                "--service-account-issuer=https://kubernetes.default.svc",
                "--service-account-key-file=" + serviceAccountKey,
                "--service-account-signing-key-file=" + serviceAccountKey,
                "--service-cluster-ip-range=10.0.0.0/24",
                "--allow-privileged=true",
                "--disable-admission-plugins=ServiceAccount",
                "--endpoint-reconciler-type=none",
                "--profiling=false"));
        awaitReady();
        writeString(kubeconfig, kubeconfigYaml());
        try (KubernetesClient client = newClient()) {
            serverVersion = client.getKubernetesVersion().getGitVersion();
        }
        LOG.infof("kube-apiserver %s ready at %s (kubeconfig %s)", serverVersion, serverUrl, kubeconfig);
    }

    private void installCrds(List<Path> crds) {
        try (KubernetesClient client = newClient()) {
            for (Path file : crds) {
                try (InputStream in = Files.newInputStream(file)) {
                    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                            .load(in).item();
                    client.resource(crd).serverSideApply();
                    client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                            .waitUntilCondition(LocalControlPlane::isEstablished, 60, TimeUnit.SECONDS);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static boolean isEstablished(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private void startControllerManager(Path binaryDir) {
        launch("kube-controller-manager", List.of(binaryDir.resolve("kube-controller-manager").toString(),
                "--kubeconfig=" + kubeconfig,
                "--controllers=garbage-collector-controller,namespace-controller",
                "--leader-elect=false",
                "--secure-port=0"));
    }

    /** Deletes an owner and waits for the garbage collector to delete its dependent. */
    private void awaitGarbageCollection() {
        try (KubernetesClient client = newClient()) {
            new GarbageCollectorCanary(client).await(STARTUP_TIMEOUT);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().sslContext(InsecureTls.trustingEveryCertificate())
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest readyz = HttpRequest.newBuilder(URI.create(serverUrl + "/readyz"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            checkProcessesAlive();
            try {
                HttpResponse<String> response = http.send(readyz, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && Files.exists(caCertificate())) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for kube-apiserver", e);
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("kube-apiserver not ready within " + STARTUP_TIMEOUT + "; see "
                + workDir.resolve("kube-apiserver.log"));
    }

    private String kubeconfigYaml() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: cairn-local
                  cluster:
                    server: %s
                    certificate-authority: %s
                users:
                - name: cairn-admin
                  user:
                    token: %s
                contexts:
                - name: cairn-local
                  context:
                    cluster: cairn-local
                    user: cairn-admin
                    namespace: default
                current-context: cairn-local
                """.formatted(serverUrl, caCertificate(), token);
    }

    private void launch(String name, List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve(name + ".log").toFile())
                    .start();
            processes.add(process);
            LOG.debugf("started %s (pid %d)", name, process.pid());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    private void checkProcessesAlive() {
        for (Process process : processes) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.info().command().orElse("a control plane process")
                        + " exited with " + process.exitValue() + "; logs are in " + workDir);
            }
        }
    }

    /** Stops the processes in reverse order of start. The work directory is kept for its logs. */
    @Override
    public synchronized void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            ProcessTermination.stop(processes.get(i));
        }
        processes.clear();
    }

    private static void requireBinaries(Path binaryDir) {
        for (String binary : List.of("etcd", "kube-apiserver", "kube-controller-manager")) {
            if (!Files.isExecutable(binaryDir.resolve(binary))) {
                throw new IllegalStateException("No " + binary + " in " + binaryDir
                        + ". Build the control plane with local/kube-binaries.sh (a few minutes, once).");
            }
        }
    }

    private static String newRsaPrivateKeyPem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writeString(Path file, String content) {
        try {
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
