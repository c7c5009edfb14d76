package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A container's {@code lifecycle.preStop} handler, run before the container is sent SIGTERM on pod deletion, within
 * the grace period, as a kubelet does: {@code exec} (inside the container), {@code httpGet}, {@code tcpSocket} or
 * {@code sleep}. Its outcome is logged and does not stop the termination. postStart handlers are not run.
 */
final class PreStopHook {

    private static final Logger LOG = Logger.getLogger(PreStopHook.class);

    private PreStopHook() {
    }

    /** Runs the container's preStop handler, if it has one and is running; returns whether it ran one. */
    static boolean run(ManagedContainer container, ProbeChecker checker, String podIP, Duration budget) {
        LifecycleHandler handler = container.spec().getLifecycle() == null ? null
                : container.spec().getLifecycle().getPreStop();
        if (handler == null || !container.running() || budget.isZero() || budget.isNegative()) {
            return false;
        }
        if (handler.getSleep() != null && handler.getSleep().getSeconds() != null) {
            try {
                Thread.sleep(Math.min(budget.toMillis(), handler.getSleep().getSeconds() * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }
        Probe asProbe = new ProbeBuilder().withExec(handler.getExec()).withHttpGet(handler.getHttpGet())
                .withTcpSocket(handler.getTcpSocket()).build();
        ProbeResult result = checker.check(asProbe, budget, podIP, container.spec(), container.process().orElseThrow());
        if (!result.success()) {
            LOG.warnf("preStop hook of container %s failed: %s", container.name(), result.message());
        }
        return true;
    }
}
