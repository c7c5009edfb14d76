package io.cairn.controller.backup;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupStatus;
import io.cairn.controller.ObservedGeneration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/** A Backup: for now only records the generation seen; the backup state machine comes with its own issue. */
@ControllerConfiguration(name = "backup")
public class BackupReconciler implements Reconciler<Backup> {

    @Override
    public UpdateControl<Backup> reconcile(Backup resource, Context<Backup> context) {
        return ObservedGeneration.record(resource, BackupStatus.EMPTY, BackupStatus::observedGeneration,
                BackupStatus::withObservedGeneration);
    }
}
