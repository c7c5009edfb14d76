package io.cairn.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The real {@code kubectl} against the shared local runtime: what a user types, e.g. {@code exec} and {@code logs}. */
public final class Kubectl {

    private Kubectl() {}

    /** Runs {@code kubectl -n <namespace> <args>} and returns its standard output; fails on a non-zero exit. */
    public static String run(String namespace, String... args) {
        List<String> command = new ArrayList<>(List.of(
                SharedControlPlane.kubectl().toString(),
                "--kubeconfig",
                SharedControlPlane.get().kubeconfig().toString(),
                "-n",
                namespace));
        command.addAll(List.of(args));
        return Command.run(Duration.ofSeconds(60), command).succeeded();
    }
}
