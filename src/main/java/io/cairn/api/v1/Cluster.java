package io.cairn.api.v1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A PostgreSQL cluster: a primary, streaming standbys, and its backups. */
@Group(Backup.GROUP)
@Version(Backup.VERSION)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
        name = "Instances",
        jsonPath = ".status.instances",
        type = AdditionalPrinterColumn.Type.INTEGER,
        getDescription = "Number of instances")
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.readyInstances",
        type = AdditionalPrinterColumn.Type.INTEGER,
        getDescription = "Number of ready instances")
@AdditionalPrinterColumn(
        name = "Status",
        jsonPath = ".status.phase",
        type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "Cluster current status")
@AdditionalPrinterColumn(
        name = "Primary",
        jsonPath = ".status.currentPrimary",
        type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "Primary pod")
@AdditionalPrinterColumn(
        name = "SyncTopology",
        priority = 1,
        jsonPath = ".status.conditions[?(@.type=='SyncReplicationTopologySatisfied')].reason",
        type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "Failure domain topology satisfaction status")
public class Cluster extends CustomResource<ClusterSpec, ClusterStatus> implements Namespaced {

    @Override
    @Required
    public ClusterSpec getSpec() {
        return super.getSpec();
    }
}
