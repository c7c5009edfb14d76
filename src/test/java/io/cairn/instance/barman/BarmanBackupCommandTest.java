package io.cairn.instance.barman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.v1.AzureCredentials;
import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.DataBackupConfiguration;
import io.cairn.api.v1.DataCompression;
import io.cairn.api.v1.EncryptionType;
import io.cairn.api.v1.GoogleCredentials;
import io.cairn.api.v1.S3Credentials;
import io.cairn.api.v1.SecretKeySelector;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** barman-cloud-backup's command line as CloudNativePG builds it, one configuration per row. */
class BarmanBackupCommandTest {

    private static final String DEST = "s3://bucket/path";
    private static final S3Credentials S3 = new S3Credentials(
            new SecretKeySelector("s3", "id"), new SecretKeySelector("s3", "secret"), null, null, null);
    private static final String HEAD = "barman-cloud-backup --user postgres --name backup-20261125120000";

    static Stream<Arguments> backupCommands() {
        return Stream.of(
                Arguments.of("minimal S3", store(null, null, null), HEAD + " --cloud-provider aws-s3 " + DEST + " srv"),
                Arguments.of(
                        "endpoint",
                        store(null, null, "http://127.0.0.1:9000"),
                        HEAD + " --endpoint-url http://127.0.0.1:9000 --cloud-provider aws-s3 " + DEST + " srv"),
                Arguments.of(
                        "gzip",
                        store(data(DataCompression.GZIP, null, null, null, null), null, null),
                        HEAD + " --gzip --cloud-provider aws-s3 " + DEST + " srv"),
                Arguments.of(
                        "bzip2",
                        store(data(DataCompression.BZIP2, null, null, null, null), null, null),
                        HEAD + " --bzip2 --cloud-provider aws-s3 " + DEST + " srv"),
                Arguments.of(
                        "AES256",
                        store(data(null, EncryptionType.AES256, null, null, null), null, null),
                        HEAD + " --encryption AES256 --cloud-provider aws-s3 " + DEST + " srv"),
                Arguments.of(
                        "aws:kms",
                        store(data(null, EncryptionType.AWS_KMS, null, null, null), null, null),
                        HEAD + " --encryption aws:kms --cloud-provider aws-s3 " + DEST + " srv"),
                Arguments.of(
                        "immediate checkpoint",
                        store(data(null, null, true, null, null), null, null),
                        HEAD + " --immediate-checkpoint --cloud-provider aws-s3 " + DEST + " srv"),
                Arguments.of(
                        "immediate checkpoint false",
                        store(data(null, null, false, null, null), null, null),
                        HEAD + " --cloud-provider aws-s3 " + DEST + " srv"),
                Arguments.of(
                        "jobs",
                        store(data(null, null, null, 4, null), null, null),
                        HEAD + " --jobs 4 --cloud-provider aws-s3 " + DEST + " srv"),
                Arguments.of(
                        "everything, in CloudNativePG's order",
                        store(
                                data(
                                        DataCompression.BZIP2,
                                        EncryptionType.AES256,
                                        true,
                                        2,
                                        List.of("--read-timeout=60")),
                                Map.of("team", "db", "env", "prod"),
                                "http://s3"),
                        HEAD + " --bzip2 --encryption AES256 --immediate-checkpoint --jobs 2 --read-timeout=60"
                                + " --tags env,prod team,db --endpoint-url http://s3 --cloud-provider aws-s3 " + DEST
                                + " srv"),
                Arguments.of(
                        "azure",
                        new BarmanObjectStoreConfiguration(
                                null,
                                new AzureCredentials(new SecretKeySelector("a", "c"), null, null, null, null, null),
                                null,
                                null,
                                null,
                                DEST,
                                null,
                                null,
                                null,
                                null,
                                null),
                        HEAD + " --cloud-provider azure-blob-storage " + DEST + " srv"),
                Arguments.of(
                        "azure AD",
                        new BarmanObjectStoreConfiguration(
                                null,
                                new AzureCredentials(null, new SecretKeySelector("a", "acct"), null, null, true, null),
                                null,
                                null,
                                null,
                                DEST,
                                null,
                                null,
                                null,
                                null,
                                null),
                        HEAD + " --cloud-provider azure-blob-storage --credential managed-identity " + DEST + " srv"),
                Arguments.of(
                        "google",
                        new BarmanObjectStoreConfiguration(
                                null,
                                null,
                                new GoogleCredentials(null, true),
                                null,
                                null,
                                "gs://b/p",
                                null,
                                null,
                                null,
                                null,
                                null),
                        HEAD + " --cloud-provider google-cloud-storage gs://b/p srv"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backupCommands")
    void backupCommand(String name, BarmanObjectStoreConfiguration store, String expected) {
        List<String> command = BarmanBackupCommand.of(store, "srv", BarmanCapabilities.BARMAN_3_4)
                .backup("backup-20261125120000");
        assertThat(String.join(" ", command)).isEqualTo(expected);
    }

    static Stream<Arguments> additionalArgs() {
        return Stream.of(
                Arguments.of(
                        "appended in order after the data options",
                        List.of("--read-timeout=60", "-S", "1GB"),
                        "--gzip --read-timeout=60 -S 1GB --endpoint-url http://s3"),
                Arguments.of(
                        "a generated option is not repeated",
                        List.of("--gzip", "--immediate-checkpoint"),
                        "--gzip --immediate-checkpoint --endpoint-url http://s3"),
                Arguments.of(
                        "the name cannot be overridden", List.of("--name=other"), "--gzip --endpoint-url http://s3"),
                Arguments.of("nor the user", List.of("--user=app"), "--gzip --endpoint-url http://s3"),
                Arguments.of(
                        "nor the endpoint, generated later",
                        List.of("--endpoint-url=http://other"),
                        "--gzip --endpoint-url http://s3"),
                Arguments.of(
                        "nor the provider",
                        List.of("--cloud-provider=google-cloud-storage"),
                        "--gzip --endpoint-url http://s3"),
                Arguments.of("empty keys are skipped", List.of("=x", "", "-v"), "--gzip -v --endpoint-url http://s3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("additionalArgs")
    void additionalCommandArgsFollowTheMergeRule(String name, List<String> extra, String expectedMiddle) {
        BarmanObjectStoreConfiguration store =
                store(data(DataCompression.GZIP, null, null, null, extra), null, "http://s3");
        assertThat(String.join(
                        " ",
                        BarmanBackupCommand.of(store, "srv", BarmanCapabilities.BARMAN_3_4)
                                .backup("b1")))
                .isEqualTo("barman-cloud-backup --user postgres --name b1 " + expectedMiddle
                        + " --cloud-provider aws-s3 " + DEST + " srv");
    }

    @Test
    void catalogCommandsShareTheLocationButNotTheDataOptions() {
        BarmanBackupCommand barman = BarmanBackupCommand.of(
                store(
                        data(DataCompression.GZIP, EncryptionType.AES256, true, 2, List.of("-v")),
                        Map.of("k", "v"),
                        "http://s3"),
                "srv",
                BarmanCapabilities.BARMAN_3_4);
        String location = "--endpoint-url http://s3 --cloud-provider aws-s3";
        assertThat(String.join(" ", barman.show("backup-1")))
                .isEqualTo("barman-cloud-backup-show --format json " + location + " " + DEST + " srv backup-1");
        assertThat(String.join(" ", barman.list()))
                .isEqualTo("barman-cloud-backup-list --format json " + location + " " + DEST + " srv");
        assertThat(barman.deleteObsolete("RECOVERY WINDOW OF 30 DAYS"))
                .containsExactly(
                        "barman-cloud-backup-delete",
                        "--endpoint-url",
                        "http://s3",
                        "--cloud-provider",
                        "aws-s3",
                        "--retention-policy",
                        "RECOVERY WINDOW OF 30 DAYS",
                        DEST,
                        "srv");
    }

    static Stream<Arguments> refusedCompressions() {
        return Stream.of(
                Arguments.of(DataCompression.SNAPPY, "python-snappy"), Arguments.of(DataCompression.LZ4, "no --lz4"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCompressions")
    void compressionsBarman34CannotDoAreRefused(DataCompression compression, String reason) {
        assertThatThrownBy(() -> BarmanBackupCommand.of(
                        store(data(compression, null, null, null, null), null, null),
                        "srv",
                        BarmanCapabilities.BARMAN_3_4))
                .isInstanceOf(BarmanConfigurationException.class)
                .hasMessageContaining("data compression " + compression.name().toLowerCase())
                .hasMessageContaining(reason);
    }

    @Test
    void aDestinationServerAndNameAreRequired() {
        BarmanObjectStoreConfiguration noDestination =
                new BarmanObjectStoreConfiguration(S3, null, null, null, null, " ", null, null, null, null, null);
        assertThatThrownBy(() -> BarmanBackupCommand.of(noDestination, "srv", BarmanCapabilities.BARMAN_3_4))
                .hasMessageContaining("destinationPath");
        assertThatThrownBy(() -> BarmanBackupCommand.of(store(null, null, null), "", BarmanCapabilities.BARMAN_3_4))
                .hasMessageContaining("serverName");
        assertThatThrownBy(() -> BarmanBackupCommand.of(store(null, null, null), "srv", BarmanCapabilities.BARMAN_3_4)
                        .backup(""))
                .isInstanceOf(BarmanConfigurationException.class);
    }

    private static DataBackupConfiguration data(
            DataCompression compression,
            EncryptionType encryption,
            Boolean immediateCheckpoint,
            Integer jobs,
            List<String> extra) {
        return new DataBackupConfiguration(compression, encryption, jobs, immediateCheckpoint, extra, null);
    }

    private static BarmanObjectStoreConfiguration store(
            DataBackupConfiguration data, Map<String, String> tags, String endpoint) {
        return new BarmanObjectStoreConfiguration(S3, null, null, endpoint, null, DEST, null, null, data, tags, null);
    }
}
