package io.cairn.backup.volumesnapshot;

import io.cairn.api.v1.BackupMethod;
import io.cairn.backup.BackupMethodExecutor;
import io.cairn.backup.BackupRun;
import io.cairn.backup.BackupStep;
import io.cairn.backup.NotImplemented;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Kubernetes VolumeSnapshots of the instance's volumes, driven by the operator (hot with pg_backup_start/stop, cold
 * with fencing). Refused until its issue lands.
 */
@ApplicationScoped
public class VolumeSnapshotExecutor implements BackupMethodExecutor {

    @Override
    public BackupMethod method() {
        return BackupMethod.VOLUME_SNAPSHOT;
    }

    @Override
    public Runner runner() {
        return Runner.OPERATOR;
    }

    @Override
    public BackupStep step(BackupRun run) {
        return NotImplemented.refuse(method());
    }
}
