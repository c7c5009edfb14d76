package io.cairn.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The real {@code helm} (the version {@code local/kube-binaries.sh} pins and builds) with Cairn's chart, {@code helm/cairn}. */
public final class Helm {

    public static final Path CHART = Path.of("helm", "cairn");

    private Helm() {
    }

    /** {@code helm <args>} against the shared local runtime, as a user would type it. */
    public static Command run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(CachedTool.path("helm").toString(),
                "--kubeconfig", SharedControlPlane.get().kubeconfig().toString()));
        command.addAll(List.of(args));
        return Command.run(timeout, command);
    }

    /**
     * {@code helm template <release> helm/cairn --namespace <namespace> <args>}: what the chart renders, with no
     * cluster (Helm assumes the Kubernetes version of its client libraries).
     */
    public static Command template(String release, String namespace, String... args) {
        List<String> command = new ArrayList<>(List.of(CachedTool.path("helm").toString(), "template", release,
                CHART.toString(), "--namespace", namespace));
        command.addAll(List.of(args));
        return Command.run(Duration.ofSeconds(60), command);
    }

    /** {@code helm lint --strict helm/cairn <args>}, with no cluster. */
    public static Command lint(String... args) {
        List<String> command = new ArrayList<>(List.of(CachedTool.path("helm").toString(), "lint", "--strict",
                CHART.toString()));
        command.addAll(List.of(args));
        return Command.run(Duration.ofSeconds(60), command);
    }
}
