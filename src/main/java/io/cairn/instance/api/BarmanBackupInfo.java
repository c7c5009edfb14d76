package io.cairn.instance.api;

import java.time.OffsetDateTime;

/**
 * One backup as barman-cloud-backup-show / -list report it (JSON), times in UTC.
 *
 * @param backupId barman's ID, {@code YYYYMMDDTHHMMSS} (barman runs with {@code TZ=UTC})
 * @param backupName the {@code --name} it was taken with, null if none
 * @param status barman's status: {@code DONE}, {@code FAILED}, ...
 * @param beginTime {@code begin_time}
 * @param endTime {@code end_time}, null for a failed backup
 * @param beginLsn {@code begin_xlog}
 * @param endLsn {@code end_xlog}
 * @param timeline {@code timeline}
 * @param version PostgreSQL's server version number, e.g. 150018
 * @param compression gzip, bzip2 or snappy, from the data file's name (barman reports None), null if none
 * @param size bytes, when barman reports them
 * @param error barman's error for a failed backup
 */
public record BarmanBackupInfo(
        String backupId,
        String backupName,
        String status,
        OffsetDateTime beginTime,
        OffsetDateTime endTime,
        String beginWal,
        String endWal,
        String beginLsn,
        String endLsn,
        Integer timeline,
        Integer version,
        String compression,
        Long size,
        String error) {

    /** Complete as CloudNativePG's catalogue means it: begin and end time both known. */
    public boolean complete() {
        return beginTime != null && endTime != null && (status == null || "DONE".equals(status));
    }
}
