package io.cairn.backup;

/** Whether a failed backup attempt is worth another one. */
public enum FailureKind {
    /** It may work later: the object store or the instance was away for a while (retried with back-off). */
    TRANSIENT,
    /** It will fail again the same way: refused credentials, a bad request or spec (failed at once). */
    PERMANENT
}
