package io.cairn.instance.api;

/**
 * Why an instance's recovery cannot succeed (no backup with that ID, no backup before the target): carried by
 * {@code GET /pg/status} in {@link InstanceStatus#recoveryFailure()}, shown by the operator on the Cluster.
 */
public record RecoveryFailure(String reason) {

    /** The status error of the instance: {@code Recovery failed: <reason>}. */
    public String message() {
        return "Recovery failed: " + reason;
    }
}
