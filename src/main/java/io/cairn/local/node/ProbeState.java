package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.time.Instant;

/**
 * The bookkeeping of one probe of one container run, with Kubernetes' defaults: first check after
 * {@code initialDelaySeconds}, then every {@code periodSeconds} (10); the result flips to success after
 * {@code successThreshold} (1) consecutive successes and to failure after {@code failureThreshold} (3) consecutive
 * failures. Readiness and startup start as failed, liveness as succeeded.
 */
final class ProbeState {

    enum Kind { STARTUP, LIVENESS, READINESS }

    private final Kind kind;
    private final Probe probe;
    private Instant nextCheck;
    private int successes;
    private int failures;
    private boolean succeeded;
    private String lastMessage = "";

    ProbeState(Kind kind, Probe probe, Instant containerStarted) {
        this.kind = kind;
        this.probe = probe;
        this.nextCheck = containerStarted.plusSeconds(orDefault(probe.getInitialDelaySeconds(), 0));
        this.succeeded = kind == Kind.LIVENESS;
    }

    Kind kind() {
        return kind;
    }

    Probe probe() {
        return probe;
    }

    boolean due(Instant now) {
        return !now.isBefore(nextCheck);
    }

    boolean succeeded() {
        return succeeded;
    }

    /** Failed {@code failureThreshold} times in a row (a startup probe that does so gets its container killed). */
    boolean failedOut() {
        return failures >= Math.max(1, orDefault(probe.getFailureThreshold(), 3));
    }

    String lastMessage() {
        return lastMessage;
    }

    Duration timeout() {
        return Duration.ofSeconds(Math.max(1, orDefault(probe.getTimeoutSeconds(), 1)));
    }

    /** Records one check; returns whether the probe's result flipped. */
    boolean record(ProbeResult result, Instant now) {
        nextCheck = now.plusSeconds(Math.max(1, orDefault(probe.getPeriodSeconds(), 10)));
        lastMessage = result.message();
        boolean before = succeeded;
        if (result.success()) {
            failures = 0;
            successes++;
            if (successes >= Math.max(1, orDefault(probe.getSuccessThreshold(), 1))) {
                succeeded = true;
            }
        } else {
            successes = 0;
            failures++;
            if (failures >= Math.max(1, orDefault(probe.getFailureThreshold(), 3))) {
                succeeded = false;
            }
        }
        return before != succeeded;
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
