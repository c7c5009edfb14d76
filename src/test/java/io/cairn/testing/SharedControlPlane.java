package io.cairn.testing;

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
 */
public final class SharedControlPlane {

    private static LocalControlPlane instance;

    private SharedControlPlane() {
    }

    public static synchronized LocalControlPlane get() {
        if (instance == null) {
            instance = LocalControlPlane.start(binaryDir(), workDir(), generatedCrds());
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "control-plane-shutdown"));
            System.out.printf("[control plane] tests run against a real kube-apiserver %s at %s (logs in %s)%n",
                    instance.serverVersion(), instance.serverUrl(), instance.workDir());
        }
        return instance;
    }

    /** A new administrator client; the caller closes it. */
    public static KubernetesClient newClient() {
        return get().newClient();
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
