package io.cairn.controller.backup;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupPhase;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One backup per cluster at a time (CloudNativePG's {@code CanExecuteBackup}): the Backups of a cluster are ordered
 * by creation time, then name; a backup that is executing ({@code started}, {@code running}) goes on, otherwise
 * the oldest one not done goes first and the others wait.
 */
final class BackupGate {

    static final Comparator<Backup> OLDEST_FIRST = Comparator.comparing(
                    (Backup b) -> b.getMetadata().getCreationTimestamp() == null
                            ? ""
                            : b.getMetadata().getCreationTimestamp())
            .thenComparing(b -> b.getMetadata().getName());

    private BackupGate() {}

    /** The Backup {@code backup} has to wait for, or empty if it may go on. */
    static Optional<Backup> waitsFor(Backup backup, Collection<Backup> backupsOfTheCluster) {
        List<Backup> ordered = new ArrayList<>(backupsOfTheCluster.stream()
                .filter(b ->
                        !b.getMetadata().getName().equals(backup.getMetadata().getName()))
                .toList());
        ordered.add(backup);
        ordered.sort(OLDEST_FIRST);
        Optional<Backup> executing =
                ordered.stream().filter(b -> isExecuting(phase(b))).findFirst();
        Optional<Backup> first = executing.isPresent()
                ? executing
                : ordered.stream().filter(b -> !phase(b).isTerminal()).findFirst();
        return first.filter(
                b -> !b.getMetadata().getName().equals(backup.getMetadata().getName()));
    }

    /** The gate applies only before a backup starts, so it never regresses a phase someone else wrote. */
    static boolean applies(BackupPhase phase) {
        return phase == BackupPhase.NEW || phase == BackupPhase.PENDING;
    }

    static BackupPhase phase(Backup backup) {
        return backup.getStatus() == null || backup.getStatus().phase() == null
                ? BackupPhase.NEW
                : backup.getStatus().phase();
    }

    private static boolean isExecuting(BackupPhase phase) {
        return phase == BackupPhase.STARTED || phase == BackupPhase.RUNNING;
    }
}
