package io.cairn.controller.backup;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.BackupPhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code cairn_backup_phase} (how many Backups are in each phase) and {@code cairn_backups_completed_total} /
 * {@code cairn_backups_failed_total} (transitions to a terminal phase this operator process saw); documented in
 * docs/metrics.md.
 */
@ApplicationScoped
class BackupMetrics {

    /** The phase label of a Backup with no phase yet. */
    static final String NEW_PHASE = "new";

    private record Key(String namespace, String name) {
    }

    private record Labels(String namespace, String cluster, String method, String phase) {

        Tags tags() {
            return Tags.of("namespace", namespace, "cluster", cluster, "method", method, "phase", phase);
        }
    }

    @Inject
    MeterRegistry registry;

    private final Map<Key, Labels> phases = new ConcurrentHashMap<>();
    private final Map<Labels, Gauge> gauges = new ConcurrentHashMap<>();

    /** Takes note of the Backup's phase as read now. */
    void observe(Backup backup) {
        String method = (backup.getSpec().method() == null ? BackupMethod.BARMAN_OBJECT_STORE
                : backup.getSpec().method()).value();
        BackupPhase phase = BackupGate.phase(backup);
        Labels labels = new Labels(backup.getMetadata().getNamespace(), backup.getSpec().cluster().name(), method,
                phase == BackupPhase.NEW ? NEW_PHASE : phase.value());
        gauges.computeIfAbsent(labels, l -> Gauge.builder("cairn.backup.phase", phases,
                        all -> all.values().stream().filter(l::equals).count())
                .description("Backups by namespace, cluster, method and phase")
                .tags(l.tags()).register(registry));
        Labels previous = phases.put(new Key(backup.getMetadata().getNamespace(), backup.getMetadata().getName()),
                labels);
        if (previous != null && !previous.phase().equals(labels.phase()) && phase.isTerminal()) {
            Counter.builder(phase == BackupPhase.COMPLETED ? "cairn.backups.completed" : "cairn.backups.failed")
                    .description(phase == BackupPhase.COMPLETED ? "Backups seen reaching completed"
                            : "Backups seen reaching failed")
                    .tags(Tags.of("namespace", labels.namespace(), "cluster", labels.cluster(), "method", method))
                    .register(registry).increment();
        }
    }

    /** The Backup is gone. */
    void forget(String namespace, String name) {
        phases.remove(new Key(namespace, name));
    }
}
