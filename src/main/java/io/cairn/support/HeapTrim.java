package io.cairn.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the operator asks the JVM for a full collection, so that heap committed during a burst (the start-up's first
 * reconcile of every object, a storm of events) goes back to the system instead of staying resident while idle.
 *
 * <p>With the serial collector the old generation is only collected, and only shrunk, when it fills up; an operator
 * that goes idle after a burst keeps the burst's garbage, and the memory under it, for good. A full collection after
 * the burst brings the old generation down to what is live plus {@code MaxHeapFreeRatio}, at once with
 * {@code -XX:-ShrinkHeapInSteps} (otherwise the JVM shrinks by 0 %, 10 %, 40 % of the excess at successive
 * collections); see docs/benchmarks.md.
 *
 * @param settle how long after start-up the first collection may run (the first reconcile of every object is over)
 * @param interval the least time between two collections, ours or the JVM's own
 * @param minGarbage the least garbage, in bytes, that makes a collection worth its pause
 */
public record HeapTrim(Duration settle, Duration interval, long minGarbage) {

    private static final long MIB = 1024 * 1024;

    public static HeapTrim every(Duration interval) {
        return new HeapTrim(Duration.ofSeconds(60), interval, 16 * MIB);
    }

    /**
     * The old generation as the JVM reports it.
     *
     * @param used bytes in use now, garbage included
     * @param liveAfterLastFull bytes in use right after the last full collection, 0 before the first one
     */
    public record OldGeneration(long used, long liveAfterLastFull) {}

    /**
     * Whether to collect now.
     *
     * @param started when the operator's caches were filled
     * @param lastFull when a full collection (ours or the JVM's) was last seen since then, empty before the first
     */
    public boolean due(OldGeneration old, Instant started, Optional<Instant> lastFull, Instant now) {
        if (interval.isZero() || interval.isNegative()) {
            return false;
        }
        Instant next = lastFull.map(last -> last.plus(interval)).orElse(started.plus(settle));
        if (now.isBefore(next)) {
            return false;
        }
        // what a collection during the start-up burst found live was the burst's, not the idle operator's
        long live = lastFull.isPresent() ? old.liveAfterLastFull() : 0;
        return old.used() - live >= Math.max(minGarbage, live / 2);
    }
}
