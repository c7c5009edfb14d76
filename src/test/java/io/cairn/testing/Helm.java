package io.cairn.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The real {@code helm} (the version {@code local/kube-binaries.sh} pins and builds) with Cairn's chart, {@code helm/cairn}. */
public final class Helm {

    public static final Path CHART = Path.of("helm", "cairn");
    private static final Duration OFFLINE_TIMEOUT = Duration.ofSeconds(60);

    private Helm() {}

    /** {@code helm <args>} against the shared local runtime, as a user would type it. */
    public static Command run(Duration timeout, String... args) {
        return helm(
                timeout,
                List.of("--kubeconfig", SharedControlPlane.get().kubeconfig().toString()),
                args);
    }

    /**
     * {@code helm template <release> helm/cairn --namespace <namespace> <args>}: what the chart renders, with no
     * cluster (Helm assumes the Kubernetes version of its client libraries).
     */
    public static Command template(String release, String namespace, String... args) {
        return helm(OFFLINE_TIMEOUT, List.of("template", release, CHART.toString(), "--namespace", namespace), args);
    }

    /** {@code helm lint --strict helm/cairn <args>}, with no cluster. */
    public static Command lint(String... args) {
        return helm(OFFLINE_TIMEOUT, List.of("lint", "--strict", CHART.toString()), args);
    }

    private static Command helm(Duration timeout, List<String> leading, String... args) {
        List<String> command = new ArrayList<>();
        command.add(CachedTool.path("helm").toString());
        command.addAll(leading);
        command.addAll(List.of(args));
        return Command.run(timeout, command);
    }
}
