package io.cairn.controller.scheduledbackup;

import io.cairn.api.v1.ScheduledBackup;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clock of scheduled backups: a Quarkus scheduler tick that asks JOSDK to reconcile every ScheduledBackup whose
 * next slot has come. The map of due times is only a cache: each reconcile derives the next slot again from
 * {@code status.lastCheckTime} and the schedule, so losing it (a restart, a new leader) loses nothing.
 */
@ApplicationScoped
public class ScheduleTrigger {

    private final Map<ResourceID, Instant> dueAt = new ConcurrentHashMap<>();
    private final SimpleInboundEventSource<ScheduledBackup> eventSource =
            new SimpleInboundEventSource<>("schedule-trigger");

    @Inject
    Clock clock;

    SimpleInboundEventSource<ScheduledBackup> eventSource() {
        return eventSource;
    }

    void fireAt(ResourceID scheduledBackup, Instant when) {
        dueAt.put(scheduledBackup, when);
    }

    void forget(ResourceID scheduledBackup) {
        dueAt.remove(scheduledBackup);
    }

    @Scheduled(every = "${cairn.scheduling.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        Instant now = clock.instant();
        dueAt.forEach((id, when) -> {
            if (!when.isAfter(now) && dueAt.remove(id, when)) {
                eventSource.propagateEvent(id);
            }
        });
    }
}
