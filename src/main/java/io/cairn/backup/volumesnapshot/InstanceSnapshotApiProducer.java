package io.cairn.backup.volumesnapshot;

import io.cairn.backup.BackupSettings;
import io.cairn.instance.api.client.InstanceCalls;
import io.cairn.instance.api.client.InstanceEndpoints;
import io.cairn.instance.api.client.InstanceSnapshotApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The typed instance client of volume snapshot backups, over the operator's {@link InstanceEndpoints}. */
@ApplicationScoped
public class InstanceSnapshotApiProducer {

    @Produces
    @ApplicationScoped
    InstanceSnapshotApi instanceSnapshotApi(InstanceEndpoints endpoints, BackupSettings settings) {
        return InstanceSnapshotApi.over(new InstanceCalls(endpoints, settings.requestTimeout()));
    }
}
