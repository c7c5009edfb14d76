package io.cairn.instance.api;

/** The paths of the instance API (on {@link InstancePorts#API}), the same on both sides of the contract. */
public final class InstancePaths {

    public static final String HEALTHZ = "/healthz";
    public static final String READYZ = "/readyz";
    public static final String METRICS = "/metrics";
    /** {@link InstanceStatus}. */
    public static final String STATUS = "/pg/status";
    /** {@link ArchiveReport}s of the pod's own {@code cairn wal-archive}. */
    public static final String ARCHIVE_RESULT = "/pg/archive-result";
    /** {@link BackupRequest} in, {@link BackupJob} out; {@code /pg/backups/<name>} one job. */
    public static final String BACKUPS = "/pg/backups";
    /** {@link WalSwitchRequest} in, {@link WalSwitchResult} out. */
    public static final String WAL_SWITCH = "/pg/wal-switch";
    /** {@link BackupTimes} in. */
    public static final String BACKUP_TIMES = "/pg/backup-times";
    /** {@link BackupMode}. */
    public static final String BACKUP_MODE = "/pg/backup-mode";
    /** {@link Fencing}. */
    public static final String FENCING = "/pg/fencing";
    /** {@link ControlData}. */
    public static final String CONTROLDATA = "/pg/controldata";

    private InstancePaths() {}
}
