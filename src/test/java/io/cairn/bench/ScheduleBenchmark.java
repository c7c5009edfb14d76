package io.cairn.bench;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.ScheduledBackup;
import io.cairn.local.LocalRuntime;
import io.cairn.testing.OperatorProcess;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code local/bench-schedules [N]}: N ScheduledBackups (default 1,000) all due in the same second, against a real
 * local control plane and the packaged operator in its own process. Prints how many Backups were created, how many
 * duplicates (must be 0), the fire-to-create latency (from the slot to the Backup's ADDED event reaching a watch),
 * and the operator's CPU time and memory. A benchmark, not a test: it asserts nothing.
 */
public final class ScheduleBenchmark {

    private static final String NAMESPACE = "bench";

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-");
        try (LocalRuntime runtime = LocalRuntime.start(Path.of("").toAbsolutePath(), work, Path.of("target/kubernetes"));
                KubernetesClient client = runtime.endpoint().newClient()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                    .build()).create();
            try (OperatorProcess operator = OperatorProcess.start(runtime.endpoint(), NAMESPACE, "bench")) {
                run(client, operator, count);
            }
        }
        System.exit(0); // the HTTP client's threads would keep the JVM alive
    }

    private static void run(KubernetesClient client, OperatorProcess operator, int count) throws Exception {
        Instant slot = Instant.now().plusSeconds(30 + count / 25).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ZonedDateTime at = slot.atZone(ZoneOffset.UTC);
        String schedule = "%d %d %d %d %d *".formatted(at.getSecond(), at.getMinute(), at.getHour(),
                at.getDayOfMonth(), at.getMonthValue());
        System.out.printf("creating %d ScheduledBackups with schedule '%s' (slot %s)%n", count, schedule, slot);

        Map<String, Long> addedAt = new ConcurrentHashMap<>();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        Watch watch = client.resources(Backup.class).inNamespace(NAMESPACE).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Backup backup) {
                if (action == Action.ADDED && addedAt.putIfAbsent(backup.getMetadata().getName(),
                        System.currentTimeMillis()) != null) {
                    duplicates.add(backup.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        ExecutorService creators = Executors.newFixedThreadPool(8);
        for (int i = 0; i < count; i++) {
            String name = "sb-%04d".formatted(i);
            creators.submit(() -> client.resource(Serialization.unmarshal("""
                    apiVersion: postgresql.cnpg.io/v1
                    kind: ScheduledBackup
                    metadata: {name: %s}
                    spec: {schedule: '%s', cluster: {name: pg}}
                    """.formatted(name, schedule), ScheduledBackup.class)).inNamespace(NAMESPACE).create());
        }
        creators.shutdown();
        creators.awaitTermination(10, TimeUnit.MINUTES);
        Instant created = Instant.now();
        if (created.isAfter(slot.minusSeconds(5))) {
            System.out.println("WARNING: creating the ScheduledBackups took until " + created
                    + ", close to the slot; results are not representative");
        }

        sleep(Duration.between(Instant.now(), slot.minusSeconds(1)));
        long cpuBefore = cpuTicks(operator.pid());
        Instant deadline = slot.plusSeconds(120);
        while (addedAt.size() < count && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofMillis(200));
        }
        Instant end = Instant.now();
        long cpuAfter = cpuTicks(operator.pid());
        watch.close();

        List<Long> latencies = addedAt.values().stream().map(t -> t - slot.toEpochMilli()).sorted().toList();
        long perScheduleDuplicates = client.resources(Backup.class).inNamespace(NAMESPACE).list().getItems().stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        b -> b.getMetadata().getLabels().get("cnpg.io/scheduled-backup"),
                        java.util.stream.Collectors.counting()))
                .values().stream().filter(n -> n > 1).count();
        System.out.println();
        System.out.printf("ScheduledBackups due in the same second: %d%n", count);
        System.out.printf("Backups created:                         %d%n", addedAt.size());
        System.out.printf("duplicates:                              %d (watch) / %d (schedules with >1 Backup)%n",
                duplicates.size(), perScheduleDuplicates);
        System.out.printf("fire -> create latency (ms):             p50 %d, p99 %d, max %d%n",
                percentile(latencies, 50), percentile(latencies, 99),
                latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1));
        System.out.printf("operator CPU from slot-1s to last Backup: %.2f s over %.1f s wall%n",
                (cpuAfter - cpuBefore) / 100.0, Duration.between(slot.minusSeconds(1), end).toMillis() / 1000.0);
        System.out.printf("operator memory:                         RSS %s, peak RSS %s%n",
                status(operator.pid(), "VmRSS"), status(operator.pid(), "VmHWM"));
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** utime + stime of a process, in clock ticks (100 per second on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String status(long pid, String key) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/status"))) {
            return lines.filter(l -> l.startsWith(key + ":")).map(l -> l.substring(key.length() + 1).trim())
                    .findFirst().orElse("?");
        }
    }

    private static void sleep(Duration duration) throws InterruptedException {
        if (!duration.isNegative()) {
            Thread.sleep(duration.toMillis());
        }
    }
}
