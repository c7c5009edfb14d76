package io.cairn.instance.recovery;

import io.cairn.instance.api.BarmanBackupInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The backups barman-cloud-backup-list reports for one server, and the choice of the one to restore. Pure. */
public record BackupCatalogue(List<BarmanBackupInfo> backups) {

    /**
     * The backup to restore, by the rules of {@link CatalogueSelection}; only complete backups (begin and end time
     * known) count.
     *
     * @throws RecoveryException {@code no backup found with ID X} or {@code no target backup found}
     */
    public BarmanBackupInfo select(CatalogueSelection selection) {
        List<BarmanBackupInfo> complete =
                backups.stream().filter(BarmanBackupInfo::complete).toList();
        if (selection.backupId() != null && !selection.backupId().isBlank()) {
            return complete.stream()
                    .filter(b -> selection.backupId().equals(b.backupId()))
                    .findFirst()
                    .orElseThrow(() -> new RecoveryException("no backup found with ID " + selection.backupId()));
        }
        Predicate<BarmanBackupInfo> onTimeline = b -> timelineMatches(selection.targetTli(), b.timeline());
        Predicate<BarmanBackupInfo> beforeTarget;
        if (selection.targetTime() != null) {
            beforeTarget = b -> !b.endTime().isAfter(selection.targetTime());
        } else if (selection.targetLsn() != null && !selection.targetLsn().isBlank()) {
            long target = Lsn.parse(selection.targetLsn());
            beforeTarget = b -> b.endLsn() != null && Lsn.parse(b.endLsn()) < target;
        } else {
            beforeTarget = b -> true;
        }
        Optional<BarmanBackupInfo> newest = complete.stream()
                .filter(onTimeline.and(beforeTarget))
                .max(Comparator.comparing(BarmanBackupInfo::endTime).thenComparing(BarmanBackupInfo::backupId));
        return newest.orElseThrow(() -> new RecoveryException("no target backup found"));
    }

    static boolean timelineMatches(String targetTli, Integer timeline) {
        if (targetTli == null || targetTli.isBlank() || "latest".equals(targetTli)) {
            return true;
        }
        return timeline != null && targetTli.equals(Integer.toString(timeline));
    }
}
