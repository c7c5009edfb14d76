package io.cairn.testing;

import io.cairn.local.ControlPlaneEndpoint;
import io.cairn.local.LocalRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local runtime of a test JVM (a real control plane and a real kubelet node, {@link LocalRuntime}): started by
 * the first test that needs it, with the CRDs generated into target/kubernetes/, and stopped when the JVM exits.
 * Test classes share it and isolate themselves by namespace.
 *
 * <p>{@code @QuarkusTest} classes load this class again in Quarkus' own class loader, so a static field alone would
 * start a second control plane; the running one is published in system properties, which all class loaders share.
 */
public final class SharedControlPlane {

    private static final String PREFIX = "cairn.test.control-plane.";

    private SharedControlPlane() {}

    public static synchronized ControlPlaneEndpoint get() {
        synchronized (System.class) {
            if (System.getProperty(PREFIX + "server-url") == null) {
                LocalRuntime runtime = LocalRuntime.start(Path.of("").toAbsolutePath(), workDir(), generatedCrds());
                Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "local-runtime-shutdown"));
                publish(runtime);
                System.out.printf(
                        "[local runtime] tests run against a real kube-apiserver %s at %s and node %s "
                                + "(logs in %s)%n",
                        runtime.endpoint().serverVersion(),
                        runtime.endpoint().serverUrl(),
                        runtime.nodeName(),
                        runtime.endpoint().workDir());
            }
            return published();
        }
    }

    /** A new administrator client; the caller closes it. */
    public static KubernetesClient newClient() {
        return get().newClient();
    }

    /** This machine's address as pods see it: where a server the tests run must listen for pods to reach it. */
    public static String hostAddress() {
        get();
        return System.getProperty(PREFIX + "host-address");
    }

    /** The kubectl of the runtime's version. */
    public static Path kubectl() {
        get();
        return Path.of(System.getProperty(PREFIX + "kubectl"));
    }

    private static void publish(LocalRuntime runtime) {
        ControlPlaneEndpoint endpoint = runtime.endpoint();
        System.setProperty(PREFIX + "host-address", runtime.hostAddress());
        System.setProperty(PREFIX + "kubectl", runtime.kubectl().toString());
        System.setProperty(PREFIX + "token", endpoint.token());
        System.setProperty(PREFIX + "ca-certificate", endpoint.caCertificate().toString());
        System.setProperty(PREFIX + "kubeconfig", endpoint.kubeconfig().toString());
        System.setProperty(PREFIX + "server-version", endpoint.serverVersion());
        System.setProperty(PREFIX + "work-dir", endpoint.workDir().toString());
        System.setProperty(PREFIX + "server-url", endpoint.serverUrl());
    }

    private static ControlPlaneEndpoint published() {
        return new ControlPlaneEndpoint(
                System.getProperty(PREFIX + "server-url"),
                System.getProperty(PREFIX + "token"),
                Path.of(System.getProperty(PREFIX + "ca-certificate")),
                Path.of(System.getProperty(PREFIX + "kubeconfig")),
                System.getProperty(PREFIX + "server-version"),
                Path.of(System.getProperty(PREFIX + "work-dir")));
    }

    private static Path workDir() {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), "runtime-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path generatedCrds() {
        Path dir = Path.of("target", "kubernetes");
        if (!Files.isRegularFile(dir.resolve("clusters.postgresql.cnpg.io-v1.yml"))) {
            throw new IllegalStateException("no generated CRDs in " + dir.toAbsolutePath()
                    + "; run the tests with ./mvnw verify so the CRDs are generated first");
        }
        return dir;
    }
}
