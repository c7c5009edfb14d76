package io.cairn.bench;

import static io.cairn.bench.OperatorUnderTest.NAMESPACE;
import static io.cairn.bench.OperatorUnderTest.cpuSeconds;
import static io.cairn.bench.OperatorUnderTest.percentile;
import static io.cairn.bench.OperatorUnderTest.sleep;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.ScheduledBackup;
import io.cairn.testing.OperatorProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code local/bench-schedules [N]}: N ScheduledBackups (default 1,000) all due in the same second, against a real
 * local control plane and the packaged operator in its own process. Prints how many Backups were created, how many
 * duplicates (must be 0), the fire-to-create latency (from the slot to the Backup's ADDED event reaching a watch),
 * the API requests per slot (from the API server's own counters), and the operator's CPU time and memory. A
 * benchmark, not a test: it asserts nothing.
 */
public final class ScheduleBenchmark {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        OperatorUnderTest.inRuntime((client, runtime) -> {
            try (OperatorProcess operator = OperatorUnderTest.start(runtime)) {
                run(client, operator, count);
            }
        });
        System.exit(0); // the HTTP client's threads would keep the JVM alive
    }

    private static void run(KubernetesClient client, OperatorProcess operator, int count) throws Exception {
        Instant slot = Instant.now().plusSeconds(30 + count / 25).truncatedTo(ChronoUnit.SECONDS);
        ZonedDateTime at = slot.atZone(ZoneOffset.UTC);
        String schedule = "%d %d %d %d %d *"
                .formatted(at.getSecond(), at.getMinute(), at.getHour(), at.getDayOfMonth(), at.getMonthValue());
        System.out.printf("creating %d ScheduledBackups with schedule '%s' (slot %s)%n", count, schedule, slot);

        Map<String, Long> addedAt = new ConcurrentHashMap<>();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        Watch watch = client.resources(Backup.class).inNamespace(NAMESPACE).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Backup backup) {
                if (action == Action.ADDED
                        && addedAt.putIfAbsent(backup.getMetadata().getName(), System.currentTimeMillis()) != null) {
                    duplicates.add(backup.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        ExecutorService creators = Executors.newFixedThreadPool(8);
        for (int i = 0; i < count; i++) {
            String name = "sb-%05d".formatted(i);
            creators.submit(
                    () -> client.resource(Serialization.unmarshal("""
                    apiVersion: postgresql.cnpg.io/v1
                    kind: ScheduledBackup
                    metadata: {name: %s}
                    spec: {schedule: '%s', cluster: {name: pg}}
                    """.formatted(name, schedule), ScheduledBackup.class))
                            .inNamespace(NAMESPACE)
                            .create());
        }
        creators.shutdown();
        creators.awaitTermination(10, TimeUnit.MINUTES);
        Instant created = Instant.now();
        if (created.isAfter(slot.minusSeconds(5))) {
            System.out.println("WARNING: creating the ScheduledBackups took until " + created
                    + ", close to the slot; results are not representative");
        }

        sleep(Duration.between(Instant.now(), slot.minusSeconds(1)));
        ApiServerRequests requestsBefore = ApiServerRequests.read(client);
        double cpuBefore = cpuSeconds(operator.pid());
        Instant deadline = slot.plusSeconds(120);
        while (addedAt.size() < count && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofMillis(100));
        }
        Instant end = Instant.now();
        double cpuAfter = cpuSeconds(operator.pid());
        watch.close();
        Map<String, Long> requests = ApiServerRequests.settled(client, requestsBefore);

        List<Long> latencies = addedAt.values().stream()
                .map(t -> t - slot.toEpochMilli())
                .sorted()
                .toList();
        long perScheduleDuplicates = client.resources(Backup.class).inNamespace(NAMESPACE).list().getItems().stream()
                .collect(Collectors.groupingBy(
                        b -> b.getMetadata().getLabels().get("cnpg.io/scheduled-backup"), Collectors.counting()))
                .values()
                .stream()
                .filter(n -> n > 1)
                .count();
        System.out.println();
        System.out.printf("ScheduledBackups due in the same second: %d%n", count);
        System.out.printf(
                "Backups created:                         %d (missed slots: %d)%n",
                addedAt.size(), count - addedAt.size());
        System.out.printf(
                "duplicates:                              %d (watch) / %d (schedules with >1 Backup)%n",
                duplicates.size(), perScheduleDuplicates);
        System.out.printf(
                "fire -> create latency (ms):             p50 %d, p99 %d, max %d%n",
                percentile(latencies, 50),
                percentile(latencies, 99),
                latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1));
        System.out.printf(
                "operator CPU from slot-1s to last Backup: %.2f s over %.1f s wall%n",
                cpuAfter - cpuBefore,
                Duration.between(slot.minusSeconds(1), end).toMillis() / 1000.0);
        ApiServerRequests.print(requests, count, "slot");
        System.out.printf("operator memory:                         %s%n", OperatorUnderTest.memory(operator.pid()));
    }
}
