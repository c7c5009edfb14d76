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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code cairn instance run} as a real process of the packaged binary, as the pod's container would run it: as the
 * operating-system user postgres (through setpriv when the tests run as root), with the pod's environment.
 */
public final class InstanceProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
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
        ProcessBuilder builder = LocalPostgres.asPostgres(
                        List.of(javaExecutable(), "-Xmx256m", "-jar", appJar().toString(), "instance", "run"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // nothing of this machine's own that barman-cloud would read: only what the test gives, as in a pod
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("AWS_")
                        || name.startsWith("CAIRN_")
                        || name.startsWith("AZURE_")
                        || name.startsWith("GOOGLE_")
                        || name.equals("STORAGE_EMULATOR_HOST")
                        || name.equals("REQUESTS_CA_BUNDLE")
                        || name.equals("PYTHONPATH")
                        || name.equals("PGDATA"));
        builder.environment().putAll(env);
        try {
            return new InstanceProcess(env.get("POD_IP"), log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path appJar;

    /**
     * The packaged binary: {@code target/quarkus-app/quarkus-run.jar} (Failsafe passes its path). When the tests run
     * as root, a copy of {@code quarkus-app} (39 MB) in a world-readable temporary directory, because the user
     * postgres may not be able to enter the checkout (a clone under /root, say).
     */
    public static synchronized Path appJar() {
        if (appJar != null) {
            return appJar;
        }
        Path jar = Path.of(System.getProperty("cairn.app.jar", "target/quarkus-app/quarkus-run.jar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": run the integration tests after `./mvnw package`");
        }
        if (!LocalPostgres.isRoot()) {
            appJar = jar;
            return appJar;
        }
        try {
            Path copy = Files.createTempDirectory("cairn-app-");
            Path source = jar.getParent();
            try (java.util.stream.Stream<Path> tree = Files.walk(source)) {
                for (Path path : tree.toList()) {
                    Path target = copy.resolve(source.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(target);
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.copy(path, target);
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(copy)));
            appJar = copy.resolve(jar.getFileName());
            return appJar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> tree = Files.walk(root)) {
            for (Path path : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary directory: best effort
        }
    }

    public HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + podIp + ":8000" + path))
                .timeout(Duration.ofSeconds(30))
                .build();
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
