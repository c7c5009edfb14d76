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
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * {@code local/bench-schedules footprint [SCHEDULES] [BACKUPS]}: the operator, started against SCHEDULES ScheduledBackups (default 1,000) and BACKUPS completed Backups
 * (default 10,000) with realistic statuses. Prints its CPU (share of one core) and RSS over an idle window, then how
 * long BACKUPS new Backups take to get their phase, then the idle figures again with those pending Backups. A
 * benchmark, not a test: it asserts nothing.
 */
public final class FootprintBenchmark {

    private static final Duration IDLE_WINDOW = Duration.ofSeconds(120);

    public static void main(String[] args) throws Exception {
        int schedules = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int backups = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        OperatorUnderTest.inRuntime((client, runtime) -> {
            Instant start = Instant.now();
            inParallel(
                    schedules,
                    i -> client.resource(Serialization.unmarshal("""
                    apiVersion: postgresql.cnpg.io/v1
                    kind: ScheduledBackup
                    metadata: {name: sb-%05d}
                    spec: {schedule: '0 0 0 1 1 *', cluster: {name: pg}}
                    """.formatted(i), ScheduledBackup.class))
                            .inNamespace(NAMESPACE)
                            .create());
            inParallel(backups, i -> completedBackup(client, "done-%05d".formatted(i), schedules));
            System.out.printf(
                    "created %d ScheduledBackups and %d completed Backups in %.0f s%n",
                    schedules, backups, Duration.between(start, Instant.now()).toMillis() / 1000.0);
            try (OperatorProcess operator = OperatorUnderTest.start(runtime)) {
                Instant started = Instant.now();
                while (scheduled(client) < schedules
                        && Duration.between(started, Instant.now()).toMinutes() < 5) {
                    sleep(Duration.ofSeconds(1));
                }
                System.out.printf(
                        "every ScheduledBackup had a status %.0f s after the operator started%n",
                        Duration.between(started, Instant.now()).toMillis() / 1000.0);
                sleep(Duration.ofSeconds(30));
                idle(operator, "idle, %d ScheduledBackups and %d completed Backups".formatted(schedules, backups));
                newBackupsGetTheirPhase(client, backups);
                sleep(Duration.ofSeconds(30));
                idle(operator, "idle, with %d pending Backups more".formatted(backups));
                long outOfMemory = Files.readAllLines(Path.of("target", "operator-bench.log")).stream()
                        .filter(l -> l.contains("OutOfMemoryError"))
                        .count();
                System.out.printf(
                        "OutOfMemoryError lines in the operator's log: %d; operator alive: %s%n",
                        outOfMemory, operator.isAlive());
            }
        });
        System.exit(0);
    }

    private static void idle(OperatorProcess operator, String what) throws Exception {
        double before = cpuSeconds(operator.pid());
        sleep(IDLE_WINDOW);
        double cpu = cpuSeconds(operator.pid()) - before;
        System.out.printf(
                "%s: CPU %.2f %% of a core over %d s, %s%n",
                what,
                100 * cpu / IDLE_WINDOW.toSeconds(),
                IDLE_WINDOW.toSeconds(),
                OperatorUnderTest.memory(operator.pid()));
    }

    private static void newBackupsGetTheirPhase(KubernetesClient client, int count) throws Exception {
        Map<String, Long> addedAt = new ConcurrentHashMap<>();
        Map<String, Long> phaseAt = new ConcurrentHashMap<>();
        Watch watch = client.resources(Backup.class).inNamespace(NAMESPACE).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Backup backup) {
                String name = backup.getMetadata().getName();
                if (!name.startsWith("new-")) {
                    return;
                }
                long now = System.currentTimeMillis();
                addedAt.putIfAbsent(name, now);
                if (backup.getStatus() != null && backup.getStatus().phase() != null) {
                    phaseAt.putIfAbsent(name, now);
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        long start = System.currentTimeMillis();
        inParallel(
                count,
                i -> client.resource(Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: new-%05d}
                spec: {cluster: {name: pg}}
                """.formatted(i), Backup.class))
                        .inNamespace(NAMESPACE)
                        .create());
        long created = System.currentTimeMillis();
        while (phaseAt.size() < count && System.currentTimeMillis() - start < 300_000) {
            sleep(Duration.ofMillis(200));
        }
        watch.close();
        List<Long> lags = phaseAt.entrySet().stream()
                .map(e -> e.getValue() - addedAt.get(e.getKey()))
                .sorted()
                .toList();
        long last = phaseAt.values().stream().mapToLong(Long::longValue).max().orElse(start);
        System.out.printf(
                "%d new Backups: created in %.1f s; %d had a phase %.1f s after the first was created; "
                        + "creation -> phase p50 %d ms, p99 %d ms, max %d ms%n",
                count,
                (created - start) / 1000.0,
                phaseAt.size(),
                (last - start) / 1000.0,
                percentile(lags, 50),
                percentile(lags, 99),
                lags.isEmpty() ? -1 : lags.get(lags.size() - 1));
    }

    private static long scheduled(KubernetesClient client) {
        return client.resources(ScheduledBackup.class).inNamespace(NAMESPACE).list().getItems().stream()
                .filter(sb -> sb.getStatus() != null && sb.getStatus().lastCheckTime() != null)
                .count();
    }

    /** A Backup as a ScheduledBackup leaves it once barman-cloud is done: labels, a full status, managed fields. */
    private static void completedBackup(KubernetesClient client, String name, int schedules) {
        int schedule = name.hashCode() % Math.max(1, schedules);
        client.resource(Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata:
                  name: %s
                  labels: {cnpg.io/cluster: pg, cnpg.io/immediateBackup: 'false', cnpg.io/scheduled-backup: sb-%05d}
                spec: {cluster: {name: pg}, method: barmanObjectStore, target: prefer-standby}
                """.formatted(name, Math.abs(schedule)), Backup.class))
                .inNamespace(NAMESPACE)
                .create();
        client.resources(Backup.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), """
                        {"status": {"phase": "completed", "method": "barmanObjectStore", "online": true,
                          "majorVersion": 15, "serverName": "pg", "destinationPath": "s3://backups/pg",
                          "endpointURL": "http://s3.example.svc:9000",
                          "s3Credentials": {"accessKeyId": {"name": "pg-s3", "key": "ACCESS_KEY_ID"},
                                            "secretAccessKey": {"name": "pg-s3", "key": "ACCESS_SECRET_KEY"}},
                          "backupId": "20261207T000000", "backupName": "backup-20261207000000",
                          "startedAt": "2026-12-07T00:00:01Z", "stoppedAt": "2026-12-07T00:00:42Z",
                          "reconciliationStartedAt": "2026-12-07T00:00:00Z",
                          "reconciliationTerminatedAt": "2026-12-07T00:00:43Z",
                          "beginWal": "000000010000000000000004", "endWal": "000000010000000000000006",
                          "beginLSN": "0/4000028", "endLSN": "0/6000100",
                          "instanceID": {"podName": "pg-2", "ContainerID":
                            "containerd://5f0c3e1d9a7b4c2e8f6a1b3d5c7e9f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e"}}}
                        """);
    }

    private static void inParallel(int count, IntConsumer task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < count; i++) {
            int n = i;
            pool.submit(() -> task.accept(n));
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
    }
}
