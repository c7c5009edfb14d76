package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Runs one pod, on a thread of its own, as a kubelet's pod worker does: leases its address, prepares its volumes,
 * runs the init containers in order to completion, then the containers; probes them, restarts them by the pod's
 * restartPolicy with a back-off, reports the status after every change, and on deletion stops the processes
 * (SIGTERM, then SIGKILL after the grace period), frees what the pod held and removes the pod.
 *
 * <p>Each pass of the loop looks at the world (processes alive? pod deleted? back-off over?) and moves one step, so
 * it is woken both by pod updates and by a short tick.
 */
final class PodRunner implements Runnable {

    private static final Logger LOG = Logger.getLogger(PodRunner.class);
    private static final Duration TICK = Duration.ofMillis(250);
    private static final Duration CONFIG_RETRY = Duration.ofSeconds(2);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    /** As kubelet: a preStop hook that used up the grace period still leaves the process 2 s after SIGTERM. */
    private static final Duration MIN_GRACE_AFTER_HOOKS = Duration.ofSeconds(2);

    private enum Stage { PREPARING, INITIALIZING, RUNNING, TERMINAL, TERMINATING, DONE }

    private final NodeRuntime runtime;
    private final ContainerStarter starter;
    private final String uid;
    private final String description;
    private final PodSandbox sandbox;
    private final List<ManagedContainer> initContainers = new ArrayList<>();
    private final List<ManagedContainer> containers = new ArrayList<>();
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private final Consumer<String> onDone;
    private volatile Pod pod;
    private volatile boolean gone;
    private volatile boolean shutdown;

    private Stage stage = Stage.PREPARING;
    private Map<String, VolumeMounter.PreparedVolume> volumes;
    private int nextInit;
    private boolean initialized;
    private String podIP;
    private Instant startTime;
    private String terminalPhase;
    private String failureReason;
    private String failureMessage;
    private Instant retryAt = Instant.EPOCH;
    private PodStatus lastReported;
    private boolean reporting = true;

    PodRunner(Pod pod, NodeRuntime runtime, Consumer<String> onDone) {
        this.pod = pod;
        this.runtime = runtime;
        this.onDone = onDone;
        this.uid = pod.getMetadata().getUid();
        this.description = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        this.sandbox = new PodSandbox(pod, runtime.addresses(), runtime.directories(), runtime.hostsFiles());
        this.thread = new Thread(this, "pod-" + description);
        this.thread.setDaemon(true);
        this.starter = new ContainerStarter(runtime);
        if (pod.getSpec().getInitContainers() != null) {
            pod.getSpec().getInitContainers().forEach(c -> initContainers.add(
                    new ManagedContainer(c, true, PodAdoption.previousRestarts(pod, c, true))));
        }
        pod.getSpec().getContainers().forEach(c -> containers.add(
                new ManagedContainer(c, false, PodAdoption.previousRestarts(pod, c, false))));
        adopt(PodAdoption.of(pod));
    }

    void start() {
        thread.start();
    }

    /** The pod as the API server has it now. */
    void update(Pod latest) {
        pod = latest;
        wake.release();
    }

    /** The pod is no longer in the API server (deleted by someone else, or its namespace is gone). */
    void podGone() {
        gone = true;
        wake.release();
    }

    boolean goneFromApi() {
        return gone;
    }

    /** The agent stops: kill the processes, keep everything else (a restarted agent picks the pod up again). */
    void shutdown() {
        shutdown = true;
        wake.release();
    }

    void awaitStopped(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
    }

    @Override
    public void run() {
        LOG.infof("pod %s: taken on by node %s", description, runtime.node().nodeName());
        while (stage != Stage.DONE) {
            try {
                step(runtime.clock().instant());
                report();
            } catch (RuntimeException e) {
                LOG.errorf(e, "pod %s: unexpected error; trying again", description);
                retryAt = runtime.clock().instant().plus(CONFIG_RETRY);
            }
            if (stage != Stage.DONE) {
                try {
                    wake.tryAcquire(TICK.toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                } catch (InterruptedException e) {
                    shutdown = true;
                }
            }
        }
        onDone.accept(uid);
    }

    private void step(Instant now) {
        if (shutdown) {
            stopForShutdown();
            stage = Stage.DONE;
            return;
        }
        if (gone) {
            all().forEach(ManagedContainer::killNow);
            sandbox.destroy();
            LOG.infof("pod %s: gone from the API server; processes killed, address and directory freed", description);
            stage = Stage.DONE;
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null && stage != Stage.TERMINATING) {
            beginTermination(now);
        }
        switch (stage) {
            case PREPARING -> prepare(now);
            case INITIALIZING -> initialize(now);
            case RUNNING -> runContainers(now);
            case TERMINATING -> terminate(now);
            case TERMINAL, DONE -> {
            }
        }
    }

    private void prepare(Instant now) {
        if (now.isBefore(retryAt)) {
            return;
        }
        Optional<String> problem = PodSpecCheck.problem(pod.getSpec());
        if (problem.isPresent()) {
            fail(PodSpecCheck.REASON, problem.get());
            return;
        }
        if (startTime == null) {
            startTime = now;
        }
        try {
            if (podIP == null) {
                podIP = Boolean.TRUE.equals(pod.getSpec().getHostNetwork()) ? runtime.node().hostIP()
                        : sandbox.leaseAddress(previousPodIP());
            }
            volumes = runtime.volumes().prepare(pod, fields(), runtime.users().identityFor(pod.getSpec(),
                    new Container()).fsGroup());
        } catch (PodConfigException e) {
            if (e.permanent()) {
                fail(e.reason(), e.getMessage());
            } else {
                allWaiting(e.reason(), e.getMessage());
                retryAt = now.plus(CONFIG_RETRY);
            }
            return;
        } catch (IllegalStateException e) {
            allWaiting("ContainerCreating", e.getMessage());
            retryAt = now.plus(CONFIG_RETRY);
            return;
        }
        allWaiting(null, null);
        LOG.infof("pod %s: address %s, %d volume(s) ready", description, podIP, volumes.size());
        stage = Stage.INITIALIZING;
        initialize(now);
    }

    private void initialize(Instant now) {
        while (nextInit < initContainers.size()) {
            ManagedContainer container = initContainers.get(nextInit);
            if (container.running()) {
                return;
            }
            if (container.exited()) {
                int code = container.recordExit(now).getExitCode();
                LOG.infof("pod %s: init container %s exited with %d", description, container.name(), code);
                if (code == 0) {
                    container.finish();
                    nextInit++;
                    continue;
                }
                if ("Never".equals(restartPolicy())) {
                    container.finish();
                    terminal("Failed", now);
                    return;
                }
                container.scheduleRestart(now, runtime.maxRestartBackoff());
                return;
            }
            if (container.dueToStart(now)) {
                startContainer(container, now);
            }
            return;
        }
        initialized = true;
        stage = Stage.RUNNING;
        runContainers(now);
    }

    private void runContainers(Instant now) {
        for (ManagedContainer container : containers) {
            if (container.running()) {
                container.enforceKill(now);
                if (!container.stopping() && container.runningInContainer()) {
                    probe(container, now);
                }
            } else if (container.exited()) {
                int code = container.recordExit(now).getExitCode();
                boolean restart = switch (restartPolicy()) {
                    case "Never" -> false;
                    case "OnFailure" -> code != 0;
                    default -> true;
                };
                LOG.infof("pod %s: container %s exited with %d%s", description, container.name(), code,
                        restart ? "; restarting it" : "");
                if (restart) {
                    container.scheduleRestart(now, runtime.maxRestartBackoff());
                } else {
                    container.finish();
                }
            } else if (container.dueToStart(now)) {
                startContainer(container, now);
            }
        }
        if (stage == Stage.RUNNING && containers.stream().allMatch(ManagedContainer::finished)) {
            boolean allSucceeded = containers.stream().allMatch(c -> c.lastTermination()
                    .map(t -> t.getExitCode() == 0).orElse(false));
            terminal(allSucceeded ? "Succeeded" : "Failed", now);
        }
    }

    private void probe(ManagedContainer container, Instant now) {
        ContainerProcess process = container.process().orElseThrow();
        boolean startupDone = container.probe(ProbeState.Kind.STARTUP).map(ProbeState::succeeded).orElse(true);
        for (ProbeState probe : container.probes()) {
            boolean isStartup = probe.kind() == ProbeState.Kind.STARTUP;
            if ((isStartup && probe.succeeded()) || (!isStartup && !startupDone) || !probe.due(now)) {
                continue;
            }
            ProbeResult result = runtime.probes().check(probe.probe(), probe.timeout(), podIP, container.spec(),
                    process);
            if (probe.record(result, now)) {
                LOG.infof("pod %s: %s probe of container %s %s%s", description, probe.kind().name().toLowerCase(),
                        container.name(), probe.succeeded() ? "succeeds" : "fails",
                        result.message().isEmpty() ? "" : ": " + result.message());
            }
            boolean killIt = probe.kind() == ProbeState.Kind.LIVENESS ? !probe.succeeded()
                    : isStartup && probe.failedOut();
            if (killIt) {
                LOG.warnf("pod %s: container %s failed its %s probe; stopping it", description, container.name(),
                        probe.kind().name().toLowerCase());
                container.stop(probeGrace(probe), now);
                return;
            }
        }
    }

    private void startContainer(ManagedContainer container, Instant now) {
        try {
            container.started(starter.start(pod, container, podIP, volumes));
        } catch (PodConfigException e) {
            if (e.permanent()) {
                fail(e.reason(), e.getMessage());
            } else {
                LOG.infof("pod %s: container %s waits: %s", description, container.name(), e.getMessage());
                container.waiting(e.reason(), e.getMessage());
                container.retryAt(now.plus(CONFIG_RETRY));
            }
        } catch (IOException e) {
            LOG.warnf("pod %s: cannot start container %s: %s", description, container.name(), e.getMessage());
            container.waiting("RunContainerError", e.getMessage());
            container.retryAt(now.plus(CONFIG_RETRY));
        }
    }

    private void beginTermination(Instant now) {
        Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
        Duration period = Duration.ofSeconds(grace != null ? grace : terminationGracePeriod());
        LOG.infof("pod %s: deleted; stopping its containers (grace period %ds)", description, period.toSeconds());
        boolean hooksRan = false;
        for (ManagedContainer container : all()) {
            hooksRan |= PreStopHook.run(container, runtime.probes(), podIP,
                    period.minus(Duration.between(now, runtime.clock().instant())));
        }
        Instant afterHooks = runtime.clock().instant();
        Duration remaining = period.minus(Duration.between(now, afterHooks));
        Duration signalGrace = hooksRan && remaining.compareTo(MIN_GRACE_AFTER_HOOKS) < 0 ? MIN_GRACE_AFTER_HOOKS
                : remaining.isNegative() ? Duration.ZERO : remaining;
        all().forEach(c -> c.stop(signalGrace, afterHooks));
        stage = Stage.TERMINATING;
    }

    private void terminate(Instant now) {
        for (ManagedContainer container : all()) {
            container.enforceKill(now);
            if (container.exited()) {
                container.recordExit(now);
                container.finish();
            }
        }
        if (all().stream().anyMatch(ManagedContainer::running)) {
            return;
        }
        sandbox.destroy();
        reporting = false;
        try {
            Pod current = runtime.client().pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).get();
            if (current != null && uid.equals(current.getMetadata().getUid())) {
                runtime.client().pods().inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
            }
            LOG.infof("pod %s: stopped and removed", description);
            stage = Stage.DONE;
        } catch (KubernetesClientException e) {
            LOG.warnf("pod %s: cannot remove it yet: %s", description, e.getMessage());
        }
    }

    private void stopForShutdown() {
        Instant now = runtime.clock().instant();
        all().forEach(c -> c.stop(SHUTDOWN_GRACE, now));
        Instant deadline = now.plus(SHUTDOWN_GRACE);
        while (all().stream().anyMatch(ManagedContainer::running) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                break;
            }
        }
        all().forEach(ManagedContainer::killNow);
        sandbox.releaseAddress();
    }

    private void fail(String reason, String message) {
        LOG.warnf("pod %s: cannot run: %s", description, message);
        failureReason = reason;
        failureMessage = message;
        all().forEach(c -> {
            c.killNow();
            if (!c.everStarted()) {
                c.waiting(reason, message);
            }
        });
        terminal("Failed", runtime.clock().instant());
    }

    private void terminal(String phase, Instant now) {
        terminalPhase = phase;
        all().forEach(c -> {
            if (c.running()) {
                c.killNow();
            }
            if (c.exited()) {
                c.recordExit(now);
            }
            c.finish();
        });
        sandbox.releaseAddress();
        stage = Stage.TERMINAL;
        LOG.infof("pod %s: %s", description, phase);
    }

    private void report() {
        if (!reporting || stage == Stage.DONE) {
            return;
        }
        PodStatusFactory.View view = new PodStatusFactory.View(phase(), podIP, runtime.node().hostIP(), startTime,
                initContainers, containers, initialized, terminalPhase != null, failureReason, failureMessage);
        PodStatus status = runtime.statusFactory().build(pod, view, lastReported);
        if (!status.equals(lastReported) && runtime.reporter().report(pod, status)) {
            lastReported = status;
        }
    }

    private String phase() {
        if (terminalPhase != null) {
            return terminalPhase;
        }
        if (stage == Stage.PREPARING || stage == Stage.INITIALIZING
                || containers.stream().anyMatch(c -> !c.everStarted() || c.firstRunStillMounting())) {
            return "Pending"; // as a kubelet: Running once every container has run, volumes mounted
        }
        if (containers.stream().allMatch(ManagedContainer::finished)) {
            return containers.stream().allMatch(c -> c.lastTermination().map(t -> t.getExitCode() == 0)
                    .orElse(false)) ? "Succeeded" : "Failed";
        }
        return "Running";
    }

    /**
     * A pod found when the agent starts: a finished pod stays as it is; a pod that ran under an earlier agent (whose
     * processes are gone) starts again with its restart counts carried on, unless its restartPolicy is Never.
     */
    private void adopt(PodAdoption adoption) {
        startTime = adoption.startTime();
        switch (adoption.outcome()) {
            case FINISHED -> {
                terminalPhase = pod.getStatus().getPhase();
                stage = Stage.TERMINAL;
                reporting = false;
            }
            case LOST -> {
                failureReason = "NodeAgentRestarted";
                failureMessage = "the local node agent restarted and lost this pod's processes; restartPolicy Never "
                        + "does not allow running them again";
                terminalPhase = "Failed";
                stage = Stage.TERMINAL;
            }
            case RUN -> {
                if (adoption.initialized()) {
                    initialized = true;
                    nextInit = initContainers.size();
                    initContainers.forEach(ManagedContainer::finish);
                }
            }
        }
    }

    private Optional<String> previousPodIP() {
        return Optional.ofNullable(pod.getStatus()).map(PodStatus::getPodIP);
    }

    private PodFields fields() {
        return new PodFields(pod, podIP, runtime.node());
    }

    private void allWaiting(String reason, String message) {
        all().stream().filter(c -> !c.everStarted()).forEach(c -> c.waiting(reason, message));
    }

    private List<ManagedContainer> all() {
        return Stream.concat(initContainers.stream(), containers.stream()).toList();
    }

    private String restartPolicy() {
        return pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    }

    private long terminationGracePeriod() {
        Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
        return grace == null ? 30 : grace;
    }

    private Duration probeGrace(ProbeState probe) {
        Long grace = probe.probe().getTerminationGracePeriodSeconds();
        return Duration.ofSeconds(grace != null ? grace : terminationGracePeriod());
    }
}
