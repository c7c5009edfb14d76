package io.cairn.api.v1;

/** The types of the conditions Cairn sets on the status of its resources (PascalCase, Kubernetes style). */
public final class ConditionTypes {

    /** Cluster: all instances ready; Backup: the backup's progress (CloudNativePG). */
    public static final String READY = "Ready";
    /** Cluster: the primary's WAL archiving works (CloudNativePG). */
    public static final String CONTINUOUS_ARCHIVING = "ContinuousArchiving";
    /** Cluster: the last backup succeeded (CloudNativePG). */
    public static final String LAST_BACKUP_SUCCEEDED = "LastBackupSucceeded";
    /** Cluster: CloudNativePG fields that are set but not implemented. */
    public static final String UNSUPPORTED_FIELDS = "UnsupportedFields";
    /** ScheduledBackup: the schedule and time zone parse. */
    public static final String SCHEDULE_VALID = "ScheduleValid";
    /** ScheduledBackup: the schedule fires when it reads (six fields), or when it really fires. */
    public static final String SCHEDULE_EXPLICIT = "ScheduleExplicit";
    /** Every resource: False while its last reconcile failed (with the error), absent once one succeeds. */
    public static final String RECONCILED = "Reconciled";

    private ConditionTypes() {}
}
