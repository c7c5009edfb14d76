package io.cairn.controller.scheduledbackup;

import io.cairn.api.v1.ScheduledBackup;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

@ControllerConfiguration(name = "scheduledbackup")
public class ScheduledBackupReconciler implements Reconciler<ScheduledBackup> {
    @Override
    public UpdateControl<ScheduledBackup> reconcile(ScheduledBackup resource, Context<ScheduledBackup> context) {
        return UpdateControl.noUpdate();
    }
}
