package io.cairn.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A server process of the tests (an object store emulator, Prometheus): started with its output in a log, ready once it
 * answers HTTP, stopped by close or when the test JVM exits.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServerProcess.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Path log;
    private Process process;

    private ServerProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code command} with {@code environment} added to this one's, and returns once {@code probe} gets any
     * HTTP answer (an unauthenticated request refused by a store still means it serves).
     */
    public static ServerProcess start(
            String name, List<String> command, Map<String, String> environment, Path log, HttpClient http, URI probe) {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        ServerProcess server;
        try {
            server = new ServerProcess(name, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        // A test JVM stopped before its tests close their servers (SIGTERM, a killed Maven) must not leave them
        // running.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, name + "-shutdown"));
        LOG.infof("%s starting at %s (pid %d, log %s)", name, probe, server.process.pid(), log);
        try {
            server.awaitReady(http, probe);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void awaitReady(HttpClient http, URI probe) {
        HttpRequest request =
                HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                http.send(request, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                sleep(Duration.ofMillis(200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " did not answer within " + STARTUP_TIMEOUT + "; see " + log);
    }

    /** A test's own request to the server, with a 30 s timeout, its body as text. */
    public static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
        return send(http, request, HttpResponse.BodyHandlers.ofString());
    }

    /** A test's own request to the server, with a 30 s timeout, its body as {@code body} reads it. */
    public static <T> HttpResponse<T> send(
            HttpClient http, HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends the running server {@code signal} ({@code STOP} freezes it: the kernel still accepts connections, nothing
     * answers them; {@code CONT} lets it go on).
     */
    public synchronized void signal(String signal) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " exited with " + exit);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            ProcessTermination.stop(process);
            process = null;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
