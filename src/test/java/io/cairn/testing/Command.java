package io.cairn.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A command-line tool the tests run as a user would (kubectl, helm): its exit code and what it printed. */
public record Command(List<String> command, int exitCode, String stdout, String stderr) {

    /** Runs the command to its end, or fails the test when it takes longer than {@code timeout}. */
    public static Command run(Duration timeout, List<String> command) {
        return run(timeout, command, Map.of());
    }

    /** The same, with {@code environment} added to the test's own. */
    public static Command run(Duration timeout, List<String> command, Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Command(
                    command,
                    process.exitValue(),
                    new String(out, StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Its standard output, once it has succeeded. */
    public String succeeded() {
        if (exitCode != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + exitCode + ": " + stderr + stdout);
        }
        return stdout;
    }

    private static byte[] readAll(InputStream stream) {
        try {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
