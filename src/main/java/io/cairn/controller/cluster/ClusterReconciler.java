package io.cairn.controller.cluster;

import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ClusterStatus;
import io.cairn.controller.ObservedGeneration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/** A Cluster: for now only records the generation seen; instances and WAL archiving come with their own issue. */
@ControllerConfiguration(name = "cluster")
public class ClusterReconciler implements Reconciler<Cluster> {

    @Override
    public UpdateControl<Cluster> reconcile(Cluster resource, Context<Cluster> context) {
        return ObservedGeneration.record(resource, ClusterStatus.EMPTY, ClusterStatus::observedGeneration,
                ClusterStatus::withObservedGeneration);
    }
}
