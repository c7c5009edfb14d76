package io.cairn.instance.barman;

import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.WalBackupConfiguration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command lines of {@code barman-cloud-wal-archive} and {@code barman-cloud-check-wal-archive} for one object
 * store, in CloudNativePG's order:
 *
 * <pre>
 * barman-cloud-wal-archive [--gzip|--bzip2] [-e AES256|aws:kms] [archiveAdditionalCommandArgs...]
 *     [--endpoint-url URL] [--tags k,v ...] [--history-tags k,v ...] --cloud-provider P [--credential C]
 *     DESTINATION_PATH SERVER_NAME WAL_PATH
 * </pre>
 *
 * Pure: it reads no environment and runs nothing. The credentials reach barman as environment variables
 * (AWS_ACCESS_KEY_ID, ...), never as arguments.
 */
public final class BarmanWalArchiveCommand {

    public static final String WAL_ARCHIVE = "barman-cloud-wal-archive";
    public static final String CHECK_WAL_ARCHIVE = "barman-cloud-check-wal-archive";

    private final List<String> archiveOptions;
    private final List<String> checkOptions;

    private BarmanWalArchiveCommand(List<String> archiveOptions, List<String> checkOptions) {
        this.archiveOptions = List.copyOf(archiveOptions);
        this.checkOptions = List.copyOf(checkOptions);
    }

    /**
     * Builds the commands, or throws {@link BarmanConfigurationException} for what the installed barman cannot do
     * (a compression it lacks, say).
     *
     * @param serverName the effective server name (the configuration's, else the cluster's name)
     */
    public static BarmanWalArchiveCommand of(
            BarmanObjectStoreConfiguration store, String serverName, BarmanCapabilities capabilities) {
        Objects.requireNonNull(store, "store");
        if (store.destinationPath() == null || store.destinationPath().isBlank()) {
            throw new BarmanConfigurationException("barmanObjectStore.destinationPath is empty");
        }
        if (serverName == null || serverName.isBlank()) {
            throw new BarmanConfigurationException("no serverName for the WAL archive");
        }
        WalBackupConfiguration wal = store.wal();

        List<String> walOptions = new ArrayList<>();
        if (wal != null && wal.compression() != null) {
            walOptions.add(capabilities.walCompressionFlag(wal.compression()));
        }
        if (wal != null && wal.encryption() != null) {
            walOptions.add("-e");
            walOptions.add(
                    switch (wal.encryption()) {
                        case AES256 -> "AES256";
                        case AWS_KMS -> "aws:kms";
                    });
        }

        List<String> endpoint =
                store.endpointURL() == null || store.endpointURL().isEmpty()
                        ? List.of()
                        : List.of("--endpoint-url", store.endpointURL());
        List<String> provider = BarmanCloudOptions.cloudProvider(store, capabilities);
        List<String> tags = new ArrayList<>(BarmanCloudOptions.tags("--tags", store.tags()));
        tags.addAll(BarmanCloudOptions.tags("--history-tags", store.historyTags()));

        List<String> later = new ArrayList<>(endpoint);
        later.addAll(tags);
        later.addAll(provider);
        List<String> archive = BarmanCloudOptions.mergeAdditionalArgs(
                walOptions, later, wal == null ? null : wal.archiveAdditionalCommandArgs());
        archive.addAll(later);
        archive.add(store.destinationPath());
        archive.add(serverName);

        List<String> check = new ArrayList<>(endpoint);
        check.addAll(provider);
        check.add(store.destinationPath());
        check.add(serverName);
        return new BarmanWalArchiveCommand(archive, check);
    }

    /** {@code barman-cloud-wal-archive <options> <destination> <server> <walPath>}. */
    public List<String> archive(Path walPath) {
        List<String> command = new ArrayList<>();
        command.add(WAL_ARCHIVE);
        command.addAll(archiveOptions);
        command.add(walPath.toString());
        return command;
    }

    /** {@code barman-cloud-check-wal-archive <options> <destination> <server>}: rc 0 only for an empty archive. */
    public List<String> checkEmpty() {
        List<String> command = new ArrayList<>();
        command.add(CHECK_WAL_ARCHIVE);
        command.addAll(checkOptions);
        return command;
    }
}
