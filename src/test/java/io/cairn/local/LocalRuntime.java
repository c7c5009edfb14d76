package io.cairn.local;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The machine's one local Kubernetes, as {@code local/runtime/run} brings it up: etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler, and a real node (kubelet, containerd, kube-proxy, CoreDNS, a storage
 * provisioner) running the images {@code local/images.sh} builds. The script holds a machine-wide lock, so a second
 * runtime waits for the first to end; it stops when this JVM does, and restores the host (see
 * docs/local-runtime.md).
 */
public final class LocalRuntime implements AutoCloseable {

    private static final String READY_MARKER = "cairn runtime ready";
    /** A cold start builds images; a warm one takes seconds, or waits for another runtime's lock. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(25);

    private static final Duration TEARDOWN_TIMEOUT = Duration.ofMinutes(4);

    private final Process process;
    private final Path workDir;
    private final Map<String, String> settings;
    private final ControlPlaneEndpoint endpoint;

    private LocalRuntime(Process process, Path workDir, Map<String, String> settings, String serverVersion) {
        this.process = process;
        this.workDir = workDir;
        this.settings = settings;
        this.endpoint = new ControlPlaneEndpoint(
                settings.get("SERVER_URL"),
                settings.get("ADMIN_TOKEN"),
                Path.of(settings.get("CA_FILE")),
                Path.of(settings.get("KUBECONFIG")),
                serverVersion,
                workDir);
    }

    /**
     * Runs {@code <repository>/local/runtime/run} with its state under {@code workDir}, installs the CRDs of
     * {@code crdDir} before the controllers start, and returns once the node runs pods.
     */
    public static LocalRuntime start(Path repository, Path workDir, Path crdDir) {
        Path script = repository.resolve("local/runtime/run");
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("No " + script + ": run the tests from a Cairn checkout");
        }
        Path log = workDir.resolve("runtime.log");
        Process process;
        try {
            Files.createDirectories(workDir);
            process = new ProcessBuilder(
                            script.toString(),
                            "--work-dir",
                            workDir.toString(),
                            "--crds",
                            crdDir.toAbsolutePath().toString(),
                            "--parent-pid",
                            Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + script, e);
        }
        try {
            awaitReady(process, log);
            Map<String, String> settings = readEnvFile(workDir.resolve("runtime.env"));
            String version;
            try (KubernetesClient client = ControlPlaneEndpoint.clientFor(Path.of(settings.get("KUBECONFIG")))) {
                version = client.getKubernetesVersion().getGitVersion();
            }
            return new LocalRuntime(process, workDir, settings, version);
        } catch (RuntimeException e) {
            stop(process);
            throw e;
        }
    }

    public ControlPlaneEndpoint endpoint() {
        return endpoint;
    }

    /** This machine's address on the pods' network: what pods dial to reach a server the tests run. */
    public String hostAddress() {
        return settings.get("HOST_ADDRESS");
    }

    public String nodeName() {
        return settings.get("NODE_NAME");
    }

    public Path kubectl() {
        return Path.of(settings.get("KUBE_BIN_DIR"), "kubectl");
    }

    public Path log() {
        return workDir.resolve("runtime.log");
    }

    /** Stops the runtime; it fails when the script reports the host was not restored as found. */
    @Override
    public void close() {
        int exit = stop(process);
        if (exit != 0) {
            throw new IllegalStateException("local/runtime/run ended with exit code " + exit
                    + " (teardown failed or the host was not restored); see " + log());
        }
    }

    private static int stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(TEARDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void awaitReady(Process process, Path log) {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (lines(log).stream().anyMatch(READY_MARKER::equals)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("local/runtime/run exited with " + process.exitValue()
                        + " before the runtime was ready:\n" + tail(log));
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException(
                "the local runtime was not ready within " + STARTUP_TIMEOUT + ":\n" + tail(log));
    }

    /** The {@code KEY=value} lines {@code run} writes into {@code runtime.env}. */
    static Map<String, String> readEnvFile(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines(file)) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        for (String key : List.of(
                "SERVER_URL", "ADMIN_TOKEN", "CA_FILE", "KUBECONFIG", "HOST_ADDRESS", "NODE_NAME", "KUBE_BIN_DIR")) {
            if (!values.containsKey(key)) {
                throw new IllegalStateException(file + " has no " + key);
            }
        }
        return values;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        List<String> lines = new ArrayList<>(lines(log));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the local runtime", e);
        }
    }
}
