package io.cairn.testing;

import io.cairn.local.ControlPlaneEndpoint;
import io.cairn.local.LocalControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one local control plane of a test JVM: started by the first test that needs it, with the CRDs generated into
 * target/kubernetes/, and stopped when the JVM exits. Test classes share it and isolate themselves by namespace.
 *
 * <p>{@code @QuarkusTest} classes load this class again in Quarkus' own class loader, so a static field alone would
 * start a second control plane; the running one is published in system properties, which all class loaders share.
 */
public final class SharedControlPlane {

    private static final String PREFIX = "cairn.test.control-plane.";

    private SharedControlPlane() {
    }

    public static synchronized ControlPlaneEndpoint get() {
        synchronized (System.class) {
            if (System.getProperty(PREFIX + "server-url") == null) {
                LocalControlPlane plane = LocalControlPlane.start(binaryDir(), workDir(), generatedCrds());
                Runtime.getRuntime().addShutdownHook(new Thread(plane::close, "control-plane-shutdown"));
                publish(plane.endpoint());
                System.out.printf("[control plane] tests run against a real kube-apiserver %s at %s (logs in %s)%n",
                        plane.endpoint().serverVersion(), plane.endpoint().serverUrl(), plane.endpoint().workDir());
            }
            return published();
        }
    }

    /** A new administrator client; the caller closes it. */
    public static KubernetesClient newClient() {
        return get().newClient();
    }

    private static void publish(ControlPlaneEndpoint endpoint) {
        System.setProperty(PREFIX + "token", endpoint.token());
        System.setProperty(PREFIX + "ca-certificate", endpoint.caCertificate().toString());
        System.setProperty(PREFIX + "kubeconfig", endpoint.kubeconfig().toString());
        System.setProperty(PREFIX + "server-version", endpoint.serverVersion());
        System.setProperty(PREFIX + "work-dir", endpoint.workDir().toString());
        System.setProperty(PREFIX + "server-url", endpoint.serverUrl());
    }

    private static ControlPlaneEndpoint published() {
        return new ControlPlaneEndpoint(System.getProperty(PREFIX + "server-url"),
                System.getProperty(PREFIX + "token"),
                Path.of(System.getProperty(PREFIX + "ca-certificate")),
                Path.of(System.getProperty(PREFIX + "kubeconfig")),
                System.getProperty(PREFIX + "server-version"),
                Path.of(System.getProperty(PREFIX + "work-dir")));
    }

    private static Path binaryDir() {
        String configured = System.getenv("CAIRN_LOCAL_KUBE_BINARIES");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String version = System.getProperty("cairn.kube.version", "1.36.3");
        String cache = System.getenv().getOrDefault("CAIRN_KUBE_CACHE",
                Path.of(System.getProperty("user.home"), ".cache", "cairn", "kube").toString());
        return Path.of(cache, "k8s", version + "-linux-amd64");
    }

    private static Path workDir() {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), "control-plane-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> generatedCrds() {
        try (Stream<Path> files = Files.list(Path.of("target", "kubernetes"))) {
            List<Path> crds = files.filter(f -> f.getFileName().toString().endsWith(".postgresql.cnpg.io-v1.yml"))
                    .sorted().toList();
            if (crds.size() != 3) {
                throw new IllegalStateException("expected 3 generated CRDs in target/kubernetes, found " + crds
                        + "; run the tests with ./mvnw verify so the CRDs are generated first");
            }
            return crds;
        } catch (IOException e) {
            throw new UncheckedIOException("no generated CRDs; run ./mvnw verify", e);
        }
    }
}
