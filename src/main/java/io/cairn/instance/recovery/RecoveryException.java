package io.cairn.instance.recovery;

/**
 * A recovery that cannot succeed as configured (no matching backup, barman refused to restore, the target was not
 * reached): retrying the same configuration would fail the same way.
 */
public class RecoveryException extends RuntimeException {

    public RecoveryException(String message) {
        super(message);
    }

    public RecoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
