package io.cairn.instance.barman;

import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.DataBackupConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command lines of {@code barman-cloud-backup} and of the catalog commands ({@code -backup-show},
 * {@code -backup-list}, {@code -backup-delete}) for one object store and server, as CloudNativePG builds them:
 *
 * <pre>
 * barman-cloud-backup --user postgres --name NAME [--gzip|--bzip2] [--encryption AES256|aws:kms]
 *     [--immediate-checkpoint] [--jobs N] [additionalCommandArgs...] [--tags k,v ...] [--endpoint-url URL]
 *     --cloud-provider P [--credential C] DESTINATION_PATH SERVER_NAME
 * barman-cloud-backup-show --format json [--endpoint-url URL] --cloud-provider P DESTINATION SERVER ID_OR_NAME
 * barman-cloud-backup-list --format json [--endpoint-url URL] --cloud-provider P DESTINATION SERVER
 * barman-cloud-backup-delete [--endpoint-url URL] --cloud-provider P --retention-policy POLICY DESTINATION SERVER
 * </pre>
 *
 * Pure: it reads no environment and runs nothing. How barman reaches PostgreSQL (host, port) and the store's
 * credentials are environment variables, never arguments.
 */
public final class BarmanBackupCommand {

    public static final String BACKUP = "barman-cloud-backup";
    public static final String SHOW = "barman-cloud-backup-show";
    public static final String LIST = "barman-cloud-backup-list";
    public static final String DELETE = "barman-cloud-backup-delete";

    private final DataBackupConfiguration data;
    private final List<String> dataOptions;
    private final List<String> tags;
    private final List<String> location;
    private final String destinationPath;
    private final String serverName;

    private BarmanBackupCommand(
            DataBackupConfiguration data,
            List<String> dataOptions,
            List<String> tags,
            List<String> location,
            String destinationPath,
            String serverName) {
        this.data = data;
        this.dataOptions = List.copyOf(dataOptions);
        this.tags = List.copyOf(tags);
        this.location = List.copyOf(location);
        this.destinationPath = destinationPath;
        this.serverName = serverName;
    }

    /**
     * Builds the commands, or throws {@link BarmanConfigurationException} for what the installed barman cannot do
     * (a compression it lacks, say) or a configuration without a destination.
     *
     * @param serverName the effective server name (the store's, else the cluster's name)
     */
    public static BarmanBackupCommand of(
            BarmanObjectStoreConfiguration store, String serverName, BarmanCapabilities capabilities) {
        Objects.requireNonNull(store, "store");
        if (store.destinationPath() == null || store.destinationPath().isBlank()) {
            throw new BarmanConfigurationException("barmanObjectStore.destinationPath is empty");
        }
        if (serverName == null || serverName.isBlank()) {
            throw new BarmanConfigurationException("no serverName for the backup");
        }
        DataBackupConfiguration data = store.data();
        List<String> dataOptions = new ArrayList<>();
        if (data != null && data.compression() != null) {
            dataOptions.add(capabilities.dataCompressionFlag(data.compression()));
        }
        if (data != null && data.encryption() != null) {
            dataOptions.add("--encryption");
            dataOptions.add(
                    switch (data.encryption()) {
                        case AES256 -> "AES256";
                        case AWS_KMS -> "aws:kms";
                    });
        }
        if (data != null && Boolean.TRUE.equals(data.immediateCheckpoint())) {
            dataOptions.add("--immediate-checkpoint");
        }
        if (data != null && data.jobs() != null) {
            if (data.jobs() < 1) {
                throw new BarmanConfigurationException("data.jobs must be at least 1, got " + data.jobs());
            }
            dataOptions.add("--jobs");
            dataOptions.add(Integer.toString(data.jobs()));
        }
        List<String> location = new ArrayList<>();
        if (store.endpointURL() != null && !store.endpointURL().isEmpty()) {
            location.add("--endpoint-url");
            location.add(store.endpointURL());
        }
        location.addAll(BarmanCloudOptions.cloudProvider(store, capabilities));
        return new BarmanBackupCommand(
                data,
                dataOptions,
                BarmanCloudOptions.tags("--tags", store.tags()),
                location,
                store.destinationPath(),
                serverName);
    }

    /** {@code barman-cloud-backup ...} taking a backup named {@code barmanName}. */
    public List<String> backup(String barmanName) {
        if (barmanName == null || barmanName.isBlank()) {
            throw new BarmanConfigurationException("no name for the backup");
        }
        List<String> generated = new ArrayList<>(List.of("--user", "postgres", "--name", barmanName));
        generated.addAll(dataOptions);
        List<String> later = new ArrayList<>(tags);
        later.addAll(location);
        List<String> command = new ArrayList<>();
        command.add(BACKUP);
        command.addAll(BarmanCloudOptions.mergeAdditionalArgs(
                generated, later, data == null ? null : data.additionalCommandArgs()));
        command.addAll(later);
        command.add(destinationPath);
        command.add(serverName);
        return command;
    }

    /** {@code barman-cloud-backup-show --format json ...}: one backup by ID or name, JSON under {@code cloud}. */
    public List<String> show(String backupIdOrName) {
        List<String> command = new ArrayList<>(List.of(SHOW, "--format", "json"));
        command.addAll(location);
        command.add(destinationPath);
        command.add(serverName);
        command.add(backupIdOrName);
        return command;
    }

    /** {@code barman-cloud-backup-list --format json ...}: the catalog, JSON under {@code backups_list}. */
    public List<String> list() {
        List<String> command = new ArrayList<>(List.of(LIST, "--format", "json"));
        command.addAll(location);
        command.add(destinationPath);
        command.add(serverName);
        return command;
    }

    /**
     * {@code barman-cloud-backup-delete --retention-policy ...}: deletes the backups (and the WAL before the oldest
     * kept one) that the policy makes obsolete.
     *
     * @param barmanPolicy barman's form, e.g. {@code RECOVERY WINDOW OF 30 DAYS} ({@link BarmanRetentionPolicy})
     */
    public List<String> deleteObsolete(String barmanPolicy) {
        List<String> command = new ArrayList<>(List.of(DELETE));
        command.addAll(location);
        command.add("--retention-policy");
        command.add(barmanPolicy);
        command.add(destinationPath);
        command.add(serverName);
        return command;
    }
}
