package io.cairn.support;

import io.cairn.config.OperatorConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Checks the old generation once a minute and runs the full collection {@link HeapTrim} asks for. */
@ApplicationScoped
public class HeapTrimmer {

    private static final Logger LOG = Logger.getLogger(HeapTrimmer.class);
    private static final Duration CHECK = Duration.ofMinutes(1);
    private static final long MIB = 1024 * 1024;

    @Inject
    Clock clock;

    @Inject
    OperatorConfig config;

    private ScheduledExecutorService timer;
    private Instant started;
    private Optional<Instant> lastFull = Optional.empty();
    private long fullCollectionsSeen;

    /** Starts the checks, once the operator's caches are filled; does nothing where the JVM shows no old generation. */
    public synchronized void start() {
        HeapTrim trim = HeapTrim.every(config.heapTrimInterval());
        Optional<MemoryPoolMXBean> oldPool = oldGeneration();
        if (timer != null || oldPool.isEmpty() || trim.interval().isZero()) {
            return;
        }
        List<GarbageCollectorMXBean> fullCollectors = collectorsOf(oldPool.get());
        started = clock.instant();
        fullCollectionsSeen = fullCollections(fullCollectors);
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cairn-heap-trim");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(
                () -> check(trim, oldPool.get(), fullCollectors),
                CHECK.toSeconds(),
                CHECK.toSeconds(),
                TimeUnit.SECONDS);
    }

    @PreDestroy
    synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void check(HeapTrim trim, MemoryPoolMXBean pool, List<GarbageCollectorMXBean> fullCollectors) {
        try {
            long collections = fullCollections(fullCollectors);
            if (collections != fullCollectionsSeen) {
                fullCollectionsSeen = collections;
                lastFull = Optional.of(clock.instant());
            }
            MemoryUsage afterLast = pool.getCollectionUsage();
            HeapTrim.OldGeneration old =
                    new HeapTrim.OldGeneration(pool.getUsage().getUsed(), afterLast == null ? 0 : afterLast.getUsed());
            if (!trim.due(old, started, lastFull, clock.instant())) {
                return;
            }
            long committed = pool.getUsage().getCommitted();
            System.gc();
            fullCollectionsSeen = fullCollections(fullCollectors);
            lastFull = Optional.of(clock.instant());
            LOG.debugf(
                    "heap trimmed: old generation %d MiB used of %d MiB committed before, %d MiB of %d MiB after",
                    old.used() / MIB,
                    committed / MIB,
                    pool.getUsage().getUsed() / MIB,
                    pool.getUsage().getCommitted() / MIB);
        } catch (RuntimeException e) {
            LOG.debugf(e, "heap trim check failed");
        }
    }

    private static long fullCollections(List<GarbageCollectorMXBean> collectors) {
        return collectors.stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .sum();
    }

    private static Optional<MemoryPoolMXBean> oldGeneration() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported())
                .filter(pool -> pool.getName().contains("Old") || pool.getName().contains("Tenured"))
                .findFirst();
    }

    /** The collectors that collect the old generation: with the serial collector, only the full one. */
    private static List<GarbageCollectorMXBean> collectorsOf(MemoryPoolMXBean pool) {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(collector ->
                        Arrays.asList(collector.getMemoryPoolNames()).contains(pool.getName()))
                .toList();
    }
}
