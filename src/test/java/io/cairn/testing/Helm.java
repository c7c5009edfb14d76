package io.cairn.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The real {@code helm} (of the local runtime's pinned version) with Cairn's chart, {@code helm/cairn}. */
public final class Helm {

    public static final Path CHART = Path.of("helm", "cairn");

    private Helm() {
    }

    /** {@code helm <args>} against the shared local runtime, as a user would type it. */
    public static Command run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(SharedControlPlane.helm().toString(),
                "--kubeconfig", SharedControlPlane.get().kubeconfig().toString()));
        command.addAll(List.of(args));
        return Command.run(timeout, command);
    }

    /** {@code helm template <release> helm/cairn --namespace <namespace> <args>}: what the chart renders. */
    public static Command template(String release, String namespace, String... args) {
        List<String> command = new ArrayList<>(List.of("template", release, CHART.toString(), "--namespace",
                namespace));
        command.addAll(List.of(args));
        return run(Duration.ofSeconds(60), command.toArray(String[]::new));
    }
}
