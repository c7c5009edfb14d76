package io.cairn.controller.backup;

import io.cairn.api.v1.Backup;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

@ControllerConfiguration(name = "backup")
public class BackupReconciler implements Reconciler<Backup> {
    @Override
    public UpdateControl<Backup> reconcile(Backup backup, Context<Backup> context) {
        return UpdateControl.noUpdate();
    }
}
