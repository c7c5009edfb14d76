package io.cairn.controller.scheduledbackup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The {@code cairn_scheduled_backup_*} metric families; names and labels are documented in docs/metrics.md. */
@ApplicationScoped
class ScheduledBackupMetrics {

    private static final String PREFIX = "cairn.scheduled.backup.";

    @Inject
    MeterRegistry registry;

    private final Map<Tags, AtomicLong> nextRunEpochSeconds = new ConcurrentHashMap<>();
    private final Map<Tags, Gauge> nextRunGauges = new ConcurrentHashMap<>();

    void nextRun(String namespace, String name, Instant next) {
        Tags tags = tags(namespace, name);
        AtomicLong value = nextRunEpochSeconds.computeIfAbsent(tags, t -> {
            AtomicLong holder = new AtomicLong();
            nextRunGauges.put(
                    t,
                    Gauge.builder(PREFIX + "next.run.timestamp.seconds", holder, AtomicLong::get)
                            .description("When the ScheduledBackup next fires (Unix seconds)")
                            .tags(t)
                            .register(registry));
            return holder;
        });
        value.set(next.getEpochSecond());
    }

    /** Suspended, never firing, invalid or deleted: no next run. */
    void noNextRun(String namespace, String name) {
        Tags tags = tags(namespace, name);
        nextRunEpochSeconds.remove(tags);
        Gauge gauge = nextRunGauges.remove(tags);
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    /** A deleted ScheduledBackup: none of its series is left behind. */
    void forget(String namespace, String name) {
        noNextRun(namespace, name);
        Tags tags = tags(namespace, name);
        registry.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith(PREFIX)
                        && tags.stream()
                                .allMatch(tag ->
                                        tag.getValue().equals(meter.getId().getTag(tag.getKey()))))
                .forEach(registry::remove);
    }

    void backupCreated(String namespace, String name, Instant slot, Instant createdAt, boolean catchUp) {
        counter("backups.created", "Backups created by ScheduledBackups", namespace, name)
                .increment();
        if (catchUp) {
            counter("catch.ups", "Catch-up backups taken for missed slots", namespace, name)
                    .increment();
        }
        // Per namespace, not per schedule: a histogram's buckets for each of thousands of schedules would cost
        // more than all the rest of the schedule's series, to say how late the operator is.
        Timer.builder(PREFIX + "trigger.delay")
                .description("From a slot's time to its Backup being created")
                .tags("namespace", namespace)
                .publishPercentileHistogram()
                .register(registry)
                .record(
                        Duration.between(slot, createdAt).isNegative()
                                ? Duration.ZERO
                                : Duration.between(slot, createdAt));
    }

    void backupAdopted(String namespace, String name) {
        counter("backups.adopted", "Existing Backups adopted for a slot", namespace, name)
                .increment();
    }

    void adoptionRefused(String namespace, String name) {
        counter("adoptions.refused", "Slots whose Backup name was taken by a foreign Backup", namespace, name)
                .increment();
    }

    void slotsMissed(String namespace, String name, long count) {
        counter("missed.slots", "Slots that passed unserved and collapsed into a catch-up backup", namespace, name)
                .increment(count);
    }

    void scheduleError(String namespace, String name, String reason) {
        Counter.builder(PREFIX + "schedule.errors")
                .description("Schedules refused: invalid cron expression or time zone")
                .tags(tags(namespace, name).and("reason", reason))
                .register(registry)
                .increment();
    }

    private Counter counter(String suffix, String description, String namespace, String name) {
        return Counter.builder(PREFIX + suffix)
                .description(description)
                .tags(tags(namespace, name))
                .register(registry);
    }

    private static Tags tags(String namespace, String name) {
        return Tags.of("namespace", namespace, "scheduled_backup", name);
    }
}
