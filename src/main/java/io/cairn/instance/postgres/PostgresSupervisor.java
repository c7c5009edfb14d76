package io.cairn.instance.postgres;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs {@code postgres -D PGDATA} in the foreground as a child process, restarts it when it exits on its own (with
 * a growing pause, at most {@link #MAX_BACKOFF}), and stops it on request: a smart shutdown (SIGTERM: wait for the
 * sessions to end), after {@code smartTimeout} a fast one (SIGINT: roll back sessions, checkpoint), after one more
 * minute an immediate one (SIGQUIT). Its output goes to the instance manager's (the pod's log).
 */
public final class PostgresSupervisor {

    private static final Logger LOG = Logger.getLogger(PostgresSupervisor.class);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration FAST_TIMEOUT = Duration.ofSeconds(60);

    private final PostgresBinaries binaries;
    private final Path pgData;
    private final Map<String, String> environment;
    private final AtomicInteger restarts = new AtomicInteger();
    private final Object lock = new Object();
    private volatile Process process;
    private volatile boolean stopping;
    /** Fenced: postgres is stopped and not started again until {@link #unfence}. */
    private volatile boolean fenced;

    private Thread loop;

    /** @param environment added to the instance manager's own for postgres and its archive_command */
    public PostgresSupervisor(PostgresBinaries binaries, Path pgData, Map<String, String> environment) {
        this.binaries = binaries;
        this.pgData = pgData;
        this.environment = Map.copyOf(environment);
    }

    /** Starts postgres and keeps it running until {@link #stop}. */
    public void start() {
        synchronized (lock) {
            if (loop != null) {
                throw new IllegalStateException("already started");
            }
            loop = new Thread(this::superviseLoop, "postgres-supervisor");
            loop.setDaemon(true);
            loop.start();
        }
    }

    private void superviseLoop() {
        Duration backoff = Duration.ofSeconds(1);
        while (!stopping) {
            if (awaitUnfenced()) {
                return;
            }
            Process started;
            try {
                ProcessBuilder builder = new ProcessBuilder(List.of(binaries.tool("postgres"), "-D", pgData.toString()))
                        .directory(pgData.toFile())
                        .inheritIO();
                builder.environment().putAll(environment);
                synchronized (lock) {
                    if (stopping) {
                        return;
                    }
                    if (fenced) {
                        continue;
                    }
                    started = builder.start();
                    process = started;
                }
                LOG.infof("postgres started (pid %d)", started.pid());
            } catch (IOException e) {
                LOG.errorf("cannot start postgres: %s", e.getMessage());
                pause(backoff);
                backoff = next(backoff);
                continue;
            }
            long startedAt = System.nanoTime();
            int exit = waitFor(started);
            if (stopping) {
                LOG.infof("postgres stopped (exit code %d)", exit);
                return;
            }
            if (fenced) {
                LOG.infof("postgres stopped for fencing (exit code %d)", exit);
                continue;
            }
            restarts.incrementAndGet();
            if (Duration.ofNanos(System.nanoTime() - startedAt).compareTo(Duration.ofMinutes(1)) > 0) {
                backoff = Duration.ofSeconds(1);
            }
            LOG.warnf("postgres exited unexpectedly with code %d; restarting in %ds", exit, backoff.toSeconds());
            pause(backoff);
            backoff = next(backoff);
        }
    }

    /**
     * Stops postgres: smart, then fast after {@code smartTimeout}, then immediate. Returns once it has exited (or
     * could not be stopped).
     */
    public void stop(Duration smartTimeout) {
        Process running;
        synchronized (lock) {
            stopping = true;
            running = process;
            lock.notifyAll();
        }
        if (running != null && running.isAlive()) {
            LOG.infof("smart shutdown of postgres (pid %d), fast after %ds", running.pid(), smartTimeout.toSeconds());
            running.destroy();
            if (!exited(running, smartTimeout)) {
                LOG.info("smart shutdown timed out: fast shutdown");
                signal(running, "INT");
                if (!exited(running, FAST_TIMEOUT)) {
                    LOG.warn("fast shutdown timed out: immediate shutdown");
                    signal(running, "QUIT");
                    if (!exited(running, Duration.ofSeconds(10))) {
                        running.destroyForcibly();
                    }
                }
            }
        }
        Thread supervisor = loop;
        if (supervisor != null) {
            supervisor.interrupt();
            try {
                supervisor.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Fences the instance: a fast shutdown (sessions rolled back, then a shutdown checkpoint, so the data directory
     * is consistent on disk), and no restart until {@link #unfence}. Returns once postgres has exited, or after
     * {@code timeout} (it keeps stopping).
     */
    public void fence(Duration timeout) {
        Process running;
        synchronized (lock) {
            fenced = true;
            running = process;
        }
        if (running != null && running.isAlive()) {
            LOG.infof("fencing: fast shutdown of postgres (pid %d)", running.pid());
            signal(running, "INT");
            exited(running, timeout);
        }
    }

    /** Lifts the fence: postgres starts again (if the supervisor runs). */
    public void unfence() {
        synchronized (lock) {
            if (fenced) {
                LOG.info("fence lifted: starting postgres");
            }
            fenced = false;
            lock.notifyAll();
        }
    }

    public boolean fenced() {
        return fenced;
    }

    /** Waits while fenced; true when the supervisor is stopping meanwhile. */
    private boolean awaitUnfenced() {
        synchronized (lock) {
            while (fenced && !stopping) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    // stop() interrupts the wait
                }
            }
            return stopping;
        }
    }

    /** The postmaster's pid while it runs. */
    public Optional<Long> pid() {
        Process current = process;
        return current != null && current.isAlive() ? Optional.of(current.pid()) : Optional.empty();
    }

    /** How many times postgres exited on its own and was started again. */
    public int restarts() {
        return restarts.get();
    }

    private void signal(Process target, String signal) {
        try {
            new ProcessBuilder(binaries.tool("pg_ctl"), "kill", signal, Long.toString(target.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.errorf("cannot send SIG%s to postgres: %s", signal, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean exited(Process target, Duration timeout) {
        try {
            return target.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !target.isAlive();
        }
    }

    private static int waitFor(Process target) {
        while (true) {
            try {
                return target.waitFor();
            } catch (InterruptedException e) {
                // interrupted by stop(): keep waiting, stop() is signalling postgres
                if (!target.isAlive()) {
                    return target.exitValue();
                }
            }
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            // stop() interrupts the pause
        }
    }

    private static Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }
}
