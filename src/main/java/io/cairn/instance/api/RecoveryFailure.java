package io.cairn.instance.api;

/**
 * How {@code GET /pg/status} tells that a recovery cannot succeed: its {@code error} begins with {@link #PREFIX}, and
 * the operator shows it on the Cluster.
 */
public final class RecoveryFailure {

    public static final String PREFIX = "Recovery failed: ";

    private RecoveryFailure() {
    }

    /** The status error of an instance whose recovery failed because of {@code reason}. */
    public static String error(String reason) {
        return PREFIX + reason;
    }

    public static boolean isRecoveryFailure(String error) {
        return error != null && error.startsWith(PREFIX);
    }
}
