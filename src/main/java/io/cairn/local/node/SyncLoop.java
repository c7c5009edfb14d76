package io.cairn.local.node;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs a level-triggered sync on a thread of its own: every {@code period}, and soon after {@link #trigger()}
 * (many triggers before it runs make one run). The sync looks at the whole world each time, so a missed event is
 * caught up by the next period.
 */
final class SyncLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SyncLoop.class);

    private final String name;
    private final Runnable sync;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean pending = new AtomicBoolean();

    SyncLoop(String name, Runnable sync, Duration period) {
        this.name = name;
        this.sync = sync;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::runOnce, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void trigger() {
        if (pending.compareAndSet(false, true)) {
            try {
                executor.execute(this::runOnce);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false);
            }
        }
    }

    private void runOnce() {
        pending.set(false);
        try {
            sync.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s failed; it runs again shortly", name);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
