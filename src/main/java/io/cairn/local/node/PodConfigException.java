package io.cairn.local.node;

/**
 * A pod (or one of its containers) cannot be started as it stands. Permanent problems (a container without a
 * command, an unsupported volume type) fail the pod; transient ones (a Secret that does not exist yet, a claim not
 * bound yet) keep it waiting and are retried, as a kubelet does.
 *
 * @see #reason() a CamelCase reason for the container's waiting state, as a kubelet reports it
 */
final class PodConfigException extends Exception {

    private final String reason;
    private final boolean permanent;

    private PodConfigException(String reason, String message, boolean permanent) {
        super(message);
        this.reason = reason;
        this.permanent = permanent;
    }

    /** The pod can never run on this node as it is written. */
    static PodConfigException permanent(String reason, String message) {
        return new PodConfigException(reason, message, true);
    }

    /** Something the pod refers to is missing or not ready; try again later. */
    static PodConfigException transientProblem(String reason, String message) {
        return new PodConfigException(reason, message, false);
    }

    String reason() {
        return reason;
    }

    boolean permanent() {
        return permanent;
    }
}
