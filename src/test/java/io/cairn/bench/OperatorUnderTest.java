package io.cairn.bench;

import io.cairn.local.LocalRuntime;
import io.cairn.testing.OperatorProcess;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the benchmarks share: a local runtime with the benchmark's namespace, the packaged operator in its own
 * process (JVM options from {@code -Dbench.jvm}, default the shipped ones), and the operator's CPU time and memory
 * read from {@code /proc}.
 */
final class OperatorUnderTest {

    static final String NAMESPACE = "bench";

    /**
     * The image launcher's flags (src/main/image/manager.c), then the chart's default {@code jvmOptions}
     * (helm/cairn/values.yaml); {@code MaxRAM} stands for the chart's memory limit, which a JVM in a container reads
     * from its cgroup.
     */
    static final String SHIPPED_JVM = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -XX:MaxRAMPercentage=75"
            + " -XX:MaxNewSize=32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:-ShrinkHeapInSteps"
            + " -XX:MaxRAM=512m";

    /** The chart's environment for the operator's process (helm/cairn/templates/deployment.yaml). */
    static final Map<String, String> SHIPPED_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    private OperatorUnderTest() {}

    interface Run {
        void run(KubernetesClient client, LocalRuntime runtime) throws Exception;
    }

    /** Starts a runtime with the benchmark's namespace, runs {@code run}, tears the runtime down. */
    static void inRuntime(Run run) throws Exception {
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-");
        try (LocalRuntime runtime =
                        LocalRuntime.start(Path.of("").toAbsolutePath(), work, Path.of("target/kubernetes"));
                KubernetesClient client = runtime.endpoint().newClient()) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(NAMESPACE)
                            .endMetadata()
                            .build())
                    .create();
            run.run(client, runtime);
        }
    }

    static OperatorProcess start(LocalRuntime runtime) {
        List<String> jvm = Arrays.stream(
                        System.getProperty("bench.jvm", SHIPPED_JVM).split(" "))
                .filter(s -> !s.isBlank())
                .toList();
        System.out.println("operator JVM options: " + jvm);
        return OperatorProcess.start(runtime.endpoint(), NAMESPACE, "bench", jvm, SHIPPED_ENVIRONMENT);
    }

    /** utime + stime of a process, in seconds (Linux counts 100 clock ticks a second). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** A line of {@code /proc/<pid>/status}, e.g. VmRSS or VmHWM. */
    static String status(long pid, String key) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/status"))) {
            return lines.filter(l -> l.startsWith(key + ":"))
                    .map(l -> l.substring(key.length() + 1).trim())
                    .findFirst()
                    .orElse("?");
        }
    }

    static String memory(long pid) throws IOException {
        return "RSS " + status(pid, "VmRSS") + ", peak RSS " + status(pid, "VmHWM");
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static void sleep(Duration duration) throws InterruptedException {
        if (!duration.isNegative()) {
            Thread.sleep(duration.toMillis());
        }
    }
}
