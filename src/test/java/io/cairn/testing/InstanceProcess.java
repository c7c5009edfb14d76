package io.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code cairn instance run} as a real process of the packaged binary, as the pod's container would run it: as the
 * operating-system user postgres (through setpriv when the tests run as root), with the pod's environment.
 */
public final class InstanceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String podIp;
    private final Path log;
    private final Process process;

    private InstanceProcess(String podIp, Path log, Process process) {
        this.podIp = podIp;
        this.log = log;
        this.process = process;
    }

    /** Starts the instance manager with the given environment, its output appended to {@code log}. */
    public static InstanceProcess start(Map<String, String> env, Path log) {
        List<String> command = new ArrayList<>(LocalPostgres.asPostgres());
        command.addAll(List.of(javaExecutable(), "-Xmx256m", "-jar", appJar().toString(), "instance", "run"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("CAIRN_")
                || name.equals("PGDATA"));
        builder.environment().putAll(env);
        try {
            return new InstanceProcess(env.get("POD_IP"), log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The packaged binary: {@code target/quarkus-app/quarkus-run.jar} (Failsafe passes its path). */
    public static Path appJar() {
        Path jar = Path.of(System.getProperty("cairn.app.jar", "target/quarkus-app/quarkus-run.jar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": run the integration tests after `./mvnw package`");
        }
        return jar;
    }

    public HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + podIp + ":8000" + path))
                .timeout(Duration.ofSeconds(30)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status code of a GET, or -1 while nothing listens. */
    public int statusCode(String path) {
        try {
            return get(path).statusCode();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }

    public JsonNode status() {
        try {
            return JSON.readTree(get("/pg/status").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends SIGTERM, as kubelet does, and waits for the process to end. */
    public boolean terminate(Duration timeout) {
        process.destroy();
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive() && !terminate(Duration.ofSeconds(60))) {
            process.destroyForcibly();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
