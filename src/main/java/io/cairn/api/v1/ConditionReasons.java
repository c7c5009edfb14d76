package io.cairn.api.v1;

/** The reasons (CamelCase) of the conditions in {@link ConditionTypes} that more than one class sets or reads. */
public final class ConditionReasons {

    public static final String CLUSTER_IS_READY = "ClusterIsReady";
    public static final String CLUSTER_IS_NOT_READY = "ClusterIsNotReady";
    public static final String CONTINUOUS_ARCHIVING_SUCCESS = "ContinuousArchivingSuccess";
    public static final String CONTINUOUS_ARCHIVING_FAILING = "ContinuousArchivingFailing";
    public static final String FIELDS_NOT_IMPLEMENTED = "FieldsNotImplemented";
    public static final String LAST_BACKUP_SUCCEEDED = "LastBackupSucceeded";
    public static final String LAST_BACKUP_FAILED = "LastBackupFailed";
    public static final String BACKUP_STARTED = "BackupStarted";
    public static final String SCHEDULE_PARSED = "ScheduleParsed";
    /** {@link ConditionTypes#RECONCILED} False: the reconcile threw; the message is the error (also an Event's). */
    public static final String RECONCILE_FAILED = "ReconcileFailed";

    private ConditionReasons() {}
}
