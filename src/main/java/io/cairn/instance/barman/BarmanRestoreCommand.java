package io.cairn.instance.barman;

import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command lines that read a recovery source: {@code barman-cloud-backup-list}, {@code barman-cloud-restore} and
 * {@code barman-cloud-wal-restore}, for one object store and server name:
 *
 * <pre>
 * barman-cloud-backup-list --format json [--endpoint-url URL] --cloud-provider P DESTINATION_PATH SERVER_NAME
 * barman-cloud-restore [--endpoint-url URL] --cloud-provider P [data.restoreAdditionalCommandArgs...]
 *     DESTINATION_PATH SERVER_NAME BACKUP_ID PGDATA
 * barman-cloud-wal-restore [--endpoint-url URL] --cloud-provider P [wal.restoreAdditionalCommandArgs...]
 *     DESTINATION_PATH SERVER_NAME WAL_NAME WAL_PATH
 * </pre>
 *
 * Pure, like {@link BarmanWalArchiveCommand}: the credentials reach barman as environment variables.
 */
public final class BarmanRestoreCommand {

    public static final String BACKUP_LIST = "barman-cloud-backup-list";
    public static final String RESTORE = "barman-cloud-restore";
    public static final String WAL_RESTORE = "barman-cloud-wal-restore";

    private final BarmanObjectStoreConfiguration store;
    private final String serverName;
    private final List<String> common;

    private BarmanRestoreCommand(BarmanObjectStoreConfiguration store, String serverName, List<String> common) {
        this.store = store;
        this.serverName = serverName;
        this.common = List.copyOf(common);
    }

    /** @throws BarmanConfigurationException for an empty destination or server name, or an unusable provider */
    public static BarmanRestoreCommand of(
            BarmanObjectStoreConfiguration store, String serverName, BarmanCapabilities capabilities) {
        Objects.requireNonNull(store, "store");
        if (store.destinationPath() == null || store.destinationPath().isBlank()) {
            throw new BarmanConfigurationException("the recovery source's destinationPath is empty");
        }
        if (serverName == null || serverName.isBlank()) {
            throw new BarmanConfigurationException("no serverName for the recovery source");
        }
        List<String> common = new ArrayList<>();
        if (store.endpointURL() != null && !store.endpointURL().isEmpty()) {
            common.addAll(List.of("--endpoint-url", store.endpointURL()));
        }
        common.addAll(BarmanCloudOptions.cloudProvider(store, capabilities));
        return new BarmanRestoreCommand(store, serverName, common);
    }

    public List<String> backupList() {
        List<String> command = new ArrayList<>(List.of(BACKUP_LIST, "--format", "json"));
        command.addAll(common);
        command.add(store.destinationPath());
        command.add(serverName);
        return command;
    }

    public List<String> restore(String backupId, String pgData) {
        List<String> command = new ArrayList<>(List.of(RESTORE));
        command.addAll(BarmanCloudOptions.mergeAdditionalArgs(
                common, List.of(), store.data() == null ? null : store.data().restoreAdditionalCommandArgs()));
        command.addAll(List.of(store.destinationPath(), serverName, backupId, pgData));
        return command;
    }

    public List<String> walRestore(String walName, String destination) {
        List<String> command = new ArrayList<>(List.of(WAL_RESTORE));
        command.addAll(BarmanCloudOptions.mergeAdditionalArgs(
                common, List.of(), store.wal() == null ? null : store.wal().restoreAdditionalCommandArgs()));
        command.addAll(List.of(store.destinationPath(), serverName, walName, destination));
        return command;
    }
}
