package io.cairn.controller.cluster;

import io.cairn.api.v1.Cluster;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

@ControllerConfiguration(name = "cluster")
public class ClusterReconciler implements Reconciler<Cluster> {
    @Override
    public UpdateControl<Cluster> reconcile(Cluster resource, Context<Cluster> context) {
        return UpdateControl.noUpdate();
    }
}
