package io.cairn.controller.scheduledbackup;

import io.cairn.api.v1.ScheduledBackup;
import io.cairn.api.v1.ScheduledBackupStatus;
import io.cairn.controller.ObservedGeneration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/** A ScheduledBackup: for now only records the generation seen; scheduling comes with its own issue. */
@ControllerConfiguration(name = "scheduledbackup")
public class ScheduledBackupReconciler implements Reconciler<ScheduledBackup> {

    @Override
    public UpdateControl<ScheduledBackup> reconcile(ScheduledBackup resource, Context<ScheduledBackup> context) {
        return ObservedGeneration.record(resource, ScheduledBackupStatus.EMPTY, ScheduledBackupStatus::observedGeneration,
                ScheduledBackupStatus::withObservedGeneration);
    }
}
