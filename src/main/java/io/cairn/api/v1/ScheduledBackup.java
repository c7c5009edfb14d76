package io.cairn.api.v1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** Backups of a Cluster taken on a cron schedule. */
@Group(Backup.GROUP)
@Version(Backup.VERSION)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Cluster", jsonPath = ".spec.cluster.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Last Backup",
        jsonPath = ".status.lastScheduleTime",
        type = AdditionalPrinterColumn.Type.DATE)
public class ScheduledBackup extends CustomResource<ScheduledBackupSpec, ScheduledBackupStatus> implements Namespaced {

    @Override
    @Required
    public ScheduledBackupSpec getSpec() {
        return super.getSpec();
    }
}
