package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One container of a pod across its runs: the current process, its probes, its restart count and back-off, and the
 * last termination, which is what its {@code containerStatuses} entry reports. Used by its pod's runner thread only.
 */
final class ManagedContainer {

    private final Container spec;
    private final boolean init;
    private ContainerProcess process;
    private final List<ProbeState> probes = new ArrayList<>();
    private int restartCount;
    private int crashes;
    private ContainerStateTerminated lastTermination;
    private ContainerStateTerminated previousTermination;
    private boolean finished;
    private Instant nextStart = Instant.EPOCH;
    private String waitingReason;
    private String waitingMessage;
    private Instant killDeadline;
    private boolean everStarted;
    private final int firstRestartCount;

    ManagedContainer(Container spec, boolean init, int previousRestarts) {
        this.spec = spec;
        this.init = init;
        this.restartCount = previousRestarts;
        this.firstRestartCount = previousRestarts;
    }

    Container spec() {
        return spec;
    }

    String name() {
        return spec.getName();
    }

    boolean init() {
        return init;
    }

    Optional<ContainerProcess> process() {
        return Optional.ofNullable(process);
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** The process exited and its exit has not been recorded yet. */
    boolean exited() {
        return process != null && !process.isAlive();
    }

    boolean finished() {
        return finished;
    }

    /** A process was launched at least once (its volumes may still be being mounted). */
    boolean everStarted() {
        return everStarted;
    }

    int restartCount() {
        return restartCount;
    }

    Optional<ContainerStateTerminated> lastTermination() {
        return Optional.ofNullable(lastTermination);
    }

    /** The termination before the last one: {@code lastState} while the container stays terminated. */
    Optional<ContainerStateTerminated> previousTermination() {
        return Optional.ofNullable(previousTermination);
    }

    Optional<String> waitingReason() {
        return Optional.ofNullable(waitingReason);
    }

    String waitingMessage() {
        return waitingMessage;
    }

    List<ProbeState> probes() {
        return probes;
    }

    Optional<ProbeState> probe(ProbeState.Kind kind) {
        return probes.stream().filter(p -> p.kind() == kind).findFirst();
    }

    /**
     * Running as a kubelet reports it: the process is alive and its launch script has mounted its volumes. A process
     * that is still mounting is reported as ContainerCreating.
     */
    boolean runningInContainer() {
        return running() && process.volumesMounted();
    }

    /** The container's first process is alive but has not mounted its volumes yet. */
    boolean firstRunStillMounting() {
        return restartCount == firstRestartCount && running() && !process.volumesMounted();
    }

    /** Started in Kubernetes' sense: running (volumes mounted) and past its startup probe. */
    boolean started() {
        return runningInContainer() && probe(ProbeState.Kind.STARTUP).map(ProbeState::succeeded).orElse(true);
    }

    /** Ready: started and its readiness probe (if any) succeeds; a completed init container is ready too. */
    boolean ready() {
        if (init) {
            return finished && lastTermination != null && lastTermination.getExitCode() == 0;
        }
        return started() && probe(ProbeState.Kind.READINESS).map(ProbeState::succeeded).orElse(true);
    }

    boolean dueToStart(Instant now) {
        return process == null && !finished && !now.isBefore(nextStart);
    }

    void waiting(String reason, String message) {
        this.waitingReason = reason;
        this.waitingMessage = message;
    }

    void retryAt(Instant when) {
        this.nextStart = when;
    }

    void started(ContainerProcess newProcess) {
        if (everStarted) {
            restartCount++;
        }
        everStarted = true;
        process = newProcess;
        waitingReason = null;
        waitingMessage = null;
        killDeadline = null;
        probes.clear();
        Instant at = newProcess.startedAt();
        if (spec.getStartupProbe() != null) {
            probes.add(new ProbeState(ProbeState.Kind.STARTUP, spec.getStartupProbe(), at));
        }
        if (spec.getLivenessProbe() != null && !init) {
            probes.add(new ProbeState(ProbeState.Kind.LIVENESS, spec.getLivenessProbe(), at));
        }
        if (spec.getReadinessProbe() != null && !init) {
            probes.add(new ProbeState(ProbeState.Kind.READINESS, spec.getReadinessProbe(), at));
        }
    }

    /** Asks the process to stop: SIGTERM now, SIGKILL once {@code grace} has passed (see {@link #enforceKill}). */
    void stop(Duration grace, Instant now) {
        if (running() && killDeadline == null) {
            killDeadline = now.plus(grace);
            process.terminate();
        }
    }

    boolean stopping() {
        return killDeadline != null && running();
    }

    void enforceKill(Instant now) {
        if (killDeadline != null && running() && !now.isBefore(killDeadline)) {
            process.kill();
        }
    }

    /** Records the exit of the current process and kills what it left behind. */
    ContainerStateTerminated recordExit(Instant now) {
        process.killRemnants();
        int code = process.exitCode();
        previousTermination = lastTermination;
        lastTermination = new ContainerStateTerminatedBuilder()
                .withExitCode(code)
                .withReason(code == 0 ? "Completed" : "Error")
                .withStartedAt(PodStatusFactory.timestamp(process.startedAt()))
                .withFinishedAt(PodStatusFactory.timestamp(now))
                .withContainerID(process.containerId())
                .build();
        if (Duration.between(process.startedAt(), now).compareTo(Duration.ofMinutes(1)) < 0) {
            crashes++;
        } else {
            crashes = 0;
        }
        process = null;
        killDeadline = null;
        probes.clear();
        return lastTermination;
    }

    /**
     * Schedules the next run after a back-off that doubles with each exit within a minute of starting (1 s, 2 s,
     * 4 s, ... up to {@code maxBackoff}); a container that ran longer restarts at once.
     */
    void scheduleRestart(Instant now, Duration maxBackoff) {
        long seconds = crashes <= 1 ? (crashes == 0 ? 0 : 1) : Math.min(maxBackoff.toSeconds(), 1L << (crashes - 1));
        nextStart = now.plusSeconds(Math.min(seconds, maxBackoff.toSeconds()));
        if (seconds > 0) {
            waiting("CrashLoopBackOff", "back-off " + seconds + "s restarting failed container=" + name());
        }
    }

    /** No more runs: the container stays terminated. */
    void finish() {
        finished = true;
    }

    /** Kills the current process at once (agent stopping, pod gone). */
    void killNow() {
        if (process != null) {
            process.kill();
        }
    }
}
