package io.cairn.plugin;

import cnpgi.reconciler.v1.Reconciler.ReconcilerHooksResult;
import java.time.Duration;

/**
 * A ReconcilerHooks answer (Pre or Post): go on, come back later, or stop. CloudNativePG stops at the first plugin
 * that does not say go on; an unspecified behaviour goes on.
 *
 * @param requeueAfter how long to wait before the next reconciliation when {@link Behavior#REQUEUE}; zero when the
 *                     plugin named none
 */
public record HookResult(Behavior behavior, Duration requeueAfter) {

    public enum Behavior {
        CONTINUE,
        REQUEUE,
        TERMINATE
    }

    static HookResult of(ReconcilerHooksResult result) {
        Behavior behavior = switch (result.getBehavior()) {
            case BEHAVIOR_REQUEUE -> Behavior.REQUEUE;
            case BEHAVIOR_TERMINATE -> Behavior.TERMINATE;
            default -> Behavior.CONTINUE;
        };
        return new HookResult(behavior, Duration.ofSeconds(Math.max(0, result.getRequeueAfter())));
    }
}
