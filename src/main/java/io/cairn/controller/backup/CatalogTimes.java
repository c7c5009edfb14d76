package io.cairn.controller.backup;

import io.cairn.instance.api.BarmanBackupInfo;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Optional;

/**
 * A method's recoverability window from barman's catalogue (CloudNativePG's backup maintenance): the first point is
 * the end time of the oldest complete backup, the last success the end time of the newest; both null for a
 * catalogue with no complete backup.
 */
record CatalogTimes(Instant firstRecoverabilityPoint, Instant lastSuccessfulBackup) {

    static CatalogTimes of(Collection<BarmanBackupInfo> catalog) {
        Optional<OffsetDateTime> oldest = catalog.stream()
                .filter(BarmanBackupInfo::complete)
                .map(BarmanBackupInfo::endTime)
                .min(OffsetDateTime::compareTo);
        Optional<OffsetDateTime> newest = catalog.stream()
                .filter(BarmanBackupInfo::complete)
                .map(BarmanBackupInfo::endTime)
                .max(OffsetDateTime::compareTo);
        return new CatalogTimes(
                oldest.map(OffsetDateTime::toInstant).orElse(null),
                newest.map(OffsetDateTime::toInstant).orElse(null));
    }
}
