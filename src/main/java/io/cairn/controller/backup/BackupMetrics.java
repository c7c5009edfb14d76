package io.cairn.controller.backup;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's backup metrics, documented in docs/metrics.md: {@code cairn_backup_phase} (how many Backups are in
 * each phase), {@code cairn_backups_completed_total} / {@code cairn_backups_failed_total} (transitions to a terminal
 * phase this operator process saw), {@code cairn_backup_duration_seconds}, {@code cairn_backup_size_bytes}, and per
 * cluster and method the last success / failure timestamps and the age of the last success.
 */
@ApplicationScoped
class BackupMetrics {

    /** The phase label of a Backup with no phase yet. */
    static final String NEW_PHASE = "new";

    private static final Duration[] DURATION_BUCKETS = {
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(15),
        Duration.ofMinutes(30),
        Duration.ofHours(1),
        Duration.ofHours(3),
        Duration.ofHours(6)
    };

    private record Key(String namespace, String name) {}

    private record Labels(String namespace, String cluster, String method, String phase) {

        Tags tags() {
            return Tags.of("namespace", namespace, "cluster", cluster, "method", method, "phase", phase);
        }
    }

    private record ClusterKey(String namespace, String cluster, String method) {

        Tags tags() {
            return Tags.of("namespace", namespace, "cluster", cluster, "method", method);
        }
    }

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    private final Map<Key, Labels> phases = new ConcurrentHashMap<>();
    private final Map<Labels, Gauge> gauges = new ConcurrentHashMap<>();
    private final Map<ClusterKey, Instant> lastSuccess = new ConcurrentHashMap<>();
    private final Map<ClusterKey, Instant> lastFailure = new ConcurrentHashMap<>();

    /** Takes note of the Backup's phase as read now. */
    void observe(Backup backup) {
        String method = method(backup);
        BackupPhase phase = BackupGate.phase(backup);
        Labels labels = new Labels(
                backup.getMetadata().getNamespace(),
                backup.getSpec().cluster().name(),
                method,
                phase == BackupPhase.NEW ? NEW_PHASE : phase.value());
        gauges.computeIfAbsent(
                labels,
                l -> Gauge.builder(
                                "cairn.backup.phase",
                                phases,
                                all -> all.values().stream().filter(l::equals).count())
                        .description("Backups by namespace, cluster, method and phase")
                        .tags(l.tags())
                        .register(registry));
        Labels previous = phases.put(
                new Key(
                        backup.getMetadata().getNamespace(),
                        backup.getMetadata().getName()),
                labels);
        if (previous != null && !previous.phase().equals(labels.phase()) && phase.isTerminal()) {
            terminal(backup, phase, new ClusterKey(labels.namespace(), labels.cluster(), method));
        }
    }

    private void terminal(Backup backup, BackupPhase phase, ClusterKey key) {
        boolean completed = phase == BackupPhase.COMPLETED;
        Counter.builder(completed ? "cairn.backups.completed" : "cairn.backups.failed")
                .description(completed ? "Backups seen reaching completed" : "Backups seen reaching failed")
                .tags(key.tags())
                .register(registry)
                .increment();
        BackupStatus status = backup.getStatus();
        Instant from = completed ? status.startedAt() : status.reconciliationStartedAt();
        Instant to = completed ? status.stoppedAt() : status.reconciliationTerminatedAt();
        if (from != null && to != null && !to.isBefore(from)) {
            Timer.builder("cairn.backup.duration")
                    .description("How long backups took: the tool's start to stop for completed ones, the "
                            + "operator's start to the failure for failed ones")
                    .serviceLevelObjectives(DURATION_BUCKETS)
                    .tags(key.tags().and("phase", phase.value()))
                    .register(registry)
                    .record(Duration.between(from, to));
        }
        Instant when =
                status.reconciliationTerminatedAt() != null ? status.reconciliationTerminatedAt() : clock.instant();
        if (completed) {
            if (lastSuccess.put(key, when) == null) {
                Gauge.builder("cairn.backup.last.success.timestamp.seconds", lastSuccess, all -> seconds(all.get(key)))
                        .description("When the cluster's last backup with this method completed (Unix seconds)")
                        .tags(key.tags())
                        .register(registry);
                Gauge.builder(
                                "cairn.backup.last.success.age.seconds",
                                lastSuccess,
                                all -> all.get(key) == null
                                        ? Double.NaN
                                        : Duration.between(all.get(key), clock.instant())
                                                        .toMillis()
                                                / 1000.0)
                        .description("Seconds since the cluster's last backup with this method completed")
                        .tags(key.tags())
                        .register(registry);
            }
        } else if (lastFailure.put(key, when) == null) {
            Gauge.builder("cairn.backup.last.failure.timestamp.seconds", lastFailure, all -> seconds(all.get(key)))
                    .description("When the cluster's last backup with this method failed (Unix seconds)")
                    .tags(key.tags())
                    .register(registry);
        }
    }

    /** The size barman reported for a completed backup. */
    void size(Backup backup, long bytes) {
        DistributionSummary.builder("cairn.backup.size")
                .baseUnit("bytes")
                .description("Sizes of completed backups, when the tool reports them")
                .tags(new ClusterKey(
                                backup.getMetadata().getNamespace(),
                                backup.getSpec().cluster().name(),
                                method(backup))
                        .tags())
                .register(registry)
                .record(bytes);
    }

    /** The Backup is gone. */
    void forget(String namespace, String name) {
        phases.remove(new Key(namespace, name));
    }

    private static String method(Backup backup) {
        return backup.getSpec().methodOrDefault().value();
    }

    private static double seconds(Instant instant) {
        return instant == null ? Double.NaN : instant.toEpochMilli() / 1000.0;
    }
}
