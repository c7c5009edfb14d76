package io.cairn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code kubectl} against the shared local runtime: what a user types, e.g. {@code exec} and {@code logs}. */
public final class Kubectl {

    private Kubectl() {
    }

    /** Runs {@code kubectl -n <namespace> <args>} and returns its standard output; fails on a non-zero exit. */
    public static String run(String namespace, String... args) {
        List<String> command = new ArrayList<>(List.of(SharedControlPlane.kubectl().toString(),
                "--kubeconfig", SharedControlPlane.get().kubeconfig().toString(), "-n", namespace));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl " + String.join(" ", args) + " exited with " + process.exitValue()
                        + ": " + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
