package io.cairn.cli;

import io.cairn.local.ControlPlaneEndpoint;
import io.cairn.local.LocalControlPlane;
import io.cairn.local.LocalRuntimeConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code cairn local-control-plane [--work-dir DIR] [CRD.yaml ...]}: starts a local control plane, installs the given
 * CRDs, writes {@code DIR/kubeconfig}, and runs until stopped.
 */
@ApplicationScoped
class LocalControlPlaneCommand {

    @Inject
    LocalRuntimeConfig config;

    private volatile LocalControlPlane running;

    /**
     * Stops the control plane while Quarkus shuts down: once Quarkus.waitForExit() returns, the JVM may exit before
     * a try-with-resources reaches etcd, the last process to stop.
     */
    void onShutdown(@Observes ShutdownEvent event) {
        LocalControlPlane plane = running;
        if (plane != null) {
            plane.close();
        }
    }

    int run(String... options) {
        Path workDir = null;
        List<Path> crds = new ArrayList<>();
        for (int i = 0; i < options.length; i++) {
            if (options[i].equals("--work-dir") && i + 1 < options.length) {
                workDir = Path.of(options[++i]);
            } else if (options[i].startsWith("--")) {
                System.err.println("cairn local-control-plane: unknown option " + options[i]);
                return 2;
            } else {
                crds.addAll(yamlFiles(Path.of(options[i])));
            }
        }
        try {
            workDir = workDir != null ? Files.createDirectories(workDir)
                    : Files.createTempDirectory("cairn-control-plane-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (LocalControlPlane plane = LocalControlPlane.start(config.kubeBinaries(), workDir, crds)) {
            running = plane;
            ControlPlaneEndpoint endpoint = plane.endpoint();
            System.out.printf("Kubernetes %s is running at %s%nexport KUBECONFIG=%s%n",
                    endpoint.serverVersion(), endpoint.serverUrl(), endpoint.kubeconfig());
            Quarkus.waitForExit();
        }
        return 0;
    }

    private static List<Path> yamlFiles(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-v1.yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
