package io.cairn.testing;

import io.cairn.local.ControlPlaneEndpoint;
import io.cairn.local.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged operator ({@code cairn operator}) as a separate process against the shared control plane, with leader
 * election on (prod profile) and short lease timings, for tests of restarts, downtime and several replicas.
 */
public final class OperatorProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String identity;
    private final Process process;
    private final int httpPort;

    private OperatorProcess(String identity, Process process, int httpPort) {
        this.identity = identity;
        this.process = process;
        this.httpPort = httpPort;
    }

    public static OperatorProcess start(ControlPlaneEndpoint controlPlane, String leaseNamespace, String identity) {
        return start(controlPlane, leaseNamespace, identity, List.of("-Xmx256m"));
    }

    /** The same with these JVM options in place of {@code -Xmx256m}. */
    public static OperatorProcess start(
            ControlPlaneEndpoint controlPlane, String leaseNamespace, String identity, List<String> jvmOptions) {
        return start(controlPlane, leaseNamespace, identity, jvmOptions, Map.of());
    }

    /** The same with these variables added to the process's environment. */
    public static OperatorProcess start(
            ControlPlaneEndpoint controlPlane,
            String leaseNamespace,
            String identity,
            List<String> jvmOptions,
            Map<String, String> environment) {
        int port = FreePort.pick();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar", "operator"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        Path.of("target", "operator-" + identity + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("KUBECONFIG", controlPlane.kubeconfig().toString());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("CAIRN_OPERATOR_LEADER_ELECTION_LEASE_NAMESPACE", leaseNamespace);
        env.put("CAIRN_OPERATOR_LEADER_ELECTION_IDENTITY", identity);
        env.put("CAIRN_OPERATOR_LEADER_ELECTION_LEASE_DURATION", "4s");
        env.put("CAIRN_OPERATOR_LEADER_ELECTION_RENEW_DEADLINE", "3s");
        env.put("CAIRN_OPERATOR_LEADER_ELECTION_RETRY_PERIOD", "1s");
        env.putAll(environment);
        try {
            return new OperatorProcess(identity, builder.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the packaged operator; run ./mvnw verify", e);
        }
    }

    public String identity() {
        return identity;
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    /** The sum of a counter's series whose labels include {@code label}, e.g. {@code scheduled_backup="x"}. */
    public double counter(String name, String label) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/q/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString())
                    .body()
                    .lines()
                    .filter(line -> line.startsWith(name + "{") && line.contains(label))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the metrics of operator " + identity, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process gets no chance to release its lease or finish anything. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM, as Kubernetes stops a pod. */
    @Override
    public void close() {
        process.destroy();
        waitForExit();
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
