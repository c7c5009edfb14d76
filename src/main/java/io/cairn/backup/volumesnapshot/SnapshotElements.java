package io.cairn.backup.volumesnapshot;

import io.cairn.api.v1.BackupSnapshotElementStatus;
import io.cairn.api.v1.SnapshotBackupStatus;
import io.cairn.backup.BackupStep.RecoverabilityWindow;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What a backup's snapshots say in the Backup's and the Cluster's status. Pure. */
final class SnapshotElements {

    private SnapshotElements() {}

    /** {@code snapshotBackupStatus} of the snapshots planned for {@code claims}. */
    static SnapshotBackupStatus of(String backupName, List<InstanceClaim> claims) {
        return new SnapshotBackupStatus(claims.stream()
                .map(claim -> new BackupSnapshotElementStatus(
                        SnapshotObjects.name(backupName, claim.role(), claim.tablespaceName()),
                        claim.role().name(),
                        claim.tablespaceName()))
                .toList());
    }

    /** {@code snapshotBackupStatus} of the snapshots taken, data first. */
    static SnapshotBackupStatus of(List<SnapshotState> snapshots) {
        return new SnapshotBackupStatus(snapshots.stream()
                .sorted(Comparator.comparing(
                                (SnapshotState s) -> s.role() == null ? SnapshotRole.PG_TABLESPACE : s.role())
                        .thenComparing(SnapshotState::name))
                .map(s -> new BackupSnapshotElementStatus(
                        s.name(),
                        s.role() == null ? null : s.role().name(),
                        s.annotation(SnapshotObjects.TABLESPACE_LABEL).orElse(null)))
                .toList());
    }

    /**
     * The Cluster's volumeSnapshot times (CloudNativePG): over the data snapshots of its completed backups
     * ({@code cnpg.io/backupEndTime}), the oldest end is the first recoverability point and the newest the last
     * success; {@code justCompleted} is the end of the backup completing now.
     */
    static RecoverabilityWindow window(List<SnapshotState> dataSnapshots, Instant justCompleted) {
        List<Instant> ends = Stream.concat(
                        dataSnapshots.stream()
                                .map(s -> s.annotation(SnapshotObjects.BACKUP_END_TIME))
                                .flatMap(Optional::stream)
                                .map(SnapshotElements::instantOrNull)
                                .filter(end -> end != null),
                        Stream.of(justCompleted))
                .toList();
        return new RecoverabilityWindow(
                ends.stream().min(Instant::compareTo).orElseThrow(),
                ends.stream().max(Instant::compareTo).orElseThrow());
    }

    private static Instant instantOrNull(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
