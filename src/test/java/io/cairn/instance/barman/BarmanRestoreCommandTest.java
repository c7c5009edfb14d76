package io.cairn.instance.barman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.v1.AzureCredentials;
import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.DataBackupConfiguration;
import io.cairn.api.v1.S3Credentials;
import io.cairn.api.v1.SecretKeySelector;
import io.cairn.api.v1.WalBackupConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BarmanRestoreCommandTest {

    private static final S3Credentials S3 =
            new S3Credentials(new SecretKeySelector("s3", "id"), new SecretKeySelector("s3", "key"), null, null, null);
    private static final BarmanObjectStoreConfiguration STORE = new BarmanObjectStoreConfiguration(
            S3,
            null,
            null,
            "http://127.0.0.1:9000",
            null,
            "s3://backups/origin",
            null,
            new WalBackupConfiguration(null, null, null, null, List.of("--read-timeout=60", "--endpoint-url=x")),
            new DataBackupConfiguration(null, null, null, null, null, List.of("--read-timeout=120")),
            null,
            null);

    @Test
    void listsTheCatalogueAsJson() {
        assertThat(BarmanRestoreCommand.of(STORE, "origin", BarmanCapabilities.BARMAN_3_4)
                        .backupList())
                .containsExactly(
                        "barman-cloud-backup-list",
                        "--format",
                        "json",
                        "--endpoint-url",
                        "http://127.0.0.1:9000",
                        "--cloud-provider",
                        "aws-s3",
                        "s3://backups/origin",
                        "origin");
    }

    @Test
    void restoresABackupWithTheDataRestoreArguments() {
        assertThat(BarmanRestoreCommand.of(STORE, "origin", BarmanCapabilities.BARMAN_3_4)
                        .restore("20261125T132600", "/var/lib/postgresql/data/pgdata"))
                .containsExactly(
                        "barman-cloud-restore",
                        "--endpoint-url",
                        "http://127.0.0.1:9000",
                        "--cloud-provider",
                        "aws-s3",
                        "--read-timeout=120",
                        "s3://backups/origin",
                        "origin",
                        "20261125T132600",
                        "/var/lib/postgresql/data/pgdata");
    }

    @Test
    void restoresAWalFileWithTheWalRestoreArgumentsButNeverASecondEndpoint() {
        assertThat(BarmanRestoreCommand.of(STORE, "origin", BarmanCapabilities.BARMAN_3_4)
                        .walRestore("000000010000000000000003", "pg_wal/RECOVERYXLOG"))
                .containsExactly(
                        "barman-cloud-wal-restore",
                        "--endpoint-url",
                        "http://127.0.0.1:9000",
                        "--cloud-provider",
                        "aws-s3",
                        "--read-timeout=60",
                        "s3://backups/origin",
                        "origin",
                        "000000010000000000000003",
                        "pg_wal/RECOVERYXLOG");
    }

    @Test
    void azureWithoutAnEndpoint() {
        BarmanObjectStoreConfiguration azure = new BarmanObjectStoreConfiguration(
                null,
                new AzureCredentials(null, null, null, null, true, null),
                null,
                null,
                null,
                "https://account.blob.core.windows.net/c",
                null,
                null,
                null,
                null,
                null);
        assertThat(BarmanRestoreCommand.of(azure, "pg", BarmanCapabilities.BARMAN_3_4)
                        .walRestore("0000000200.history", "pg_wal/RECOVERYHISTORY"))
                .containsExactly(
                        "barman-cloud-wal-restore",
                        "--cloud-provider",
                        "azure-blob-storage",
                        "--credential",
                        "managed-identity",
                        "https://account.blob.core.windows.net/c",
                        "pg",
                        "0000000200.history",
                        "pg_wal/RECOVERYHISTORY");
    }

    @Test
    void refusesNoDestinationOrServer() {
        BarmanObjectStoreConfiguration empty =
                new BarmanObjectStoreConfiguration(S3, null, null, null, null, " ", null, null, null, null, null);
        assertThatThrownBy(() -> BarmanRestoreCommand.of(empty, "pg", BarmanCapabilities.BARMAN_3_4))
                .isInstanceOf(BarmanConfigurationException.class)
                .hasMessageContaining("destinationPath");
        assertThatThrownBy(() -> BarmanRestoreCommand.of(STORE, "", BarmanCapabilities.BARMAN_3_4))
                .hasMessageContaining("serverName");
    }
}
