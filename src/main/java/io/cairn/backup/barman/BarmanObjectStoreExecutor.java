package io.cairn.backup.barman;

import io.cairn.api.v1.BackupMethod;
import io.cairn.backup.BackupMethodExecutor;
import io.cairn.backup.BackupRun;
import io.cairn.backup.BackupStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * barman-cloud-backup to the cluster's object store, run by the instance manager of the elected pod. The instance
 * manager lands with the Cluster issue; until then the Backup waits, checked again every
 * {@link #WAIT_FOR_INSTANCE_MANAGER}. The real step elects the target pod, asks its instance manager to start the
 * backup (recording the pod and session in status first) and then leaves the status to the instance manager.
 */
@ApplicationScoped
public class BarmanObjectStoreExecutor implements BackupMethodExecutor {

    public static final Duration WAIT_FOR_INSTANCE_MANAGER = Duration.ofSeconds(30);
    public static final String WAITING_REASON = "WaitingForInstanceManager";

    @Override
    public BackupMethod method() {
        return BackupMethod.BARMAN_OBJECT_STORE;
    }

    @Override
    public Runner runner() {
        return Runner.INSTANCE;
    }

    @Override
    public BackupStep step(BackupRun run) {
        return new BackupStep.Wait(WAIT_FOR_INSTANCE_MANAGER, WAITING_REASON, "waiting for the instance manager of "
                + "cluster " + run.cluster().getMetadata().getName() + " to run barman-cloud-backup; this version of "
                + "Cairn does not run instances yet (checking again every " + WAIT_FOR_INSTANCE_MANAGER.toSeconds()
                + "s)");
    }
}
