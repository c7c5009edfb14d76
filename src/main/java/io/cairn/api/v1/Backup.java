package io.cairn.api.v1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A physical backup of a Cluster, taken once. */
@Group(Backup.GROUP)
@Version(Backup.VERSION)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Cluster", jsonPath = ".spec.cluster.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Method", jsonPath = ".spec.method", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Error", jsonPath = ".status.error", type = AdditionalPrinterColumn.Type.STRING)
public class Backup extends CustomResource<BackupSpec, BackupStatus> implements Namespaced {
    public static final String GROUP = "postgresql.cnpg.io";
    public static final String VERSION = "v1";

    @Override
    @Required
    public BackupSpec getSpec() {
        return super.getSpec();
    }
}
