package io.cairn.instance.barman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.v1.AzureCredentials;
import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.EncryptionType;
import io.cairn.api.v1.GoogleCredentials;
import io.cairn.api.v1.S3Credentials;
import io.cairn.api.v1.SecretKeySelector;
import io.cairn.api.v1.WalBackupConfiguration;
import io.cairn.api.v1.WalCompression;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BarmanWalArchiveCommandTest {

    private static final String DEST = "s3://bucket/path";
    private static final Path WAL = Path.of("/pgdata/pg_wal/000000010000000000000003");
    private static final S3Credentials S3 = new S3Credentials(
            new SecretKeySelector("s3", "id"), new SecretKeySelector("s3", "secret"), null, null, null);

    static Stream<Arguments> archiveCommands() {
        return Stream.of(
                Arguments.of("minimal S3", store(null, null, null, null), "--cloud-provider aws-s3 " + DEST + " srv"),
                Arguments.of(
                        "endpoint",
                        new BarmanObjectStoreConfiguration(
                                S3, null, null, "http://127.0.0.1:9000", null, DEST, null, null, null, null, null),
                        "--endpoint-url http://127.0.0.1:9000 --cloud-provider aws-s3 " + DEST + " srv"),
                Arguments.of(
                        "gzip",
                        store(wal(WalCompression.GZIP, null, null), null, null, null),
                        "--gzip --cloud-provider aws-s3 " + DEST + " srv"),
                Arguments.of(
                        "bzip2 and AES256",
                        store(wal(WalCompression.BZIP2, EncryptionType.AES256, null), null, null, null),
                        "--bzip2 -e AES256 --cloud-provider aws-s3 " + DEST + " srv"),
                Arguments.of(
                        "aws:kms",
                        store(wal(null, EncryptionType.AWS_KMS, null), null, null, null),
                        "-e aws:kms --cloud-provider aws-s3 " + DEST + " srv"),
                Arguments.of(
                        "tags sorted by key",
                        store(null, ordered("z", "1", "a", "2"), null, null),
                        "--tags a,2 z,1 --cloud-provider aws-s3 " + DEST + " srv"),
                Arguments.of(
                        "history tags after tags",
                        store(null, Map.of("k", "v"), Map.of("h", "t"), null),
                        "--tags k,v --history-tags h,t --cloud-provider aws-s3 " + DEST + " srv"),
                Arguments.of(
                        "a comma in a tag is CSV-quoted",
                        store(null, Map.of("team", "db,ops"), null, null),
                        "--tags team,\"db,ops\" --cloud-provider aws-s3 " + DEST + " srv"),
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
                        "--cloud-provider azure-blob-storage " + DEST + " srv"),
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
                        "--cloud-provider azure-blob-storage --credential managed-identity " + DEST + " srv"),
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
                        "--cloud-provider google-cloud-storage gs://b/p srv"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archiveCommands")
    void archiveCommand(String name, BarmanObjectStoreConfiguration store, String expectedOptions) {
        List<String> command = BarmanWalArchiveCommand.of(store, "srv", BarmanCapabilities.BARMAN_3_4)
                .archive(WAL);
        assertThat(String.join(" ", command)).isEqualTo("barman-cloud-wal-archive " + expectedOptions + " " + WAL);
    }

    /** CloudNativePG's merge rule, with the extra arguments placed after compression and encryption as it does. */
    static Stream<Arguments> additionalArgs() {
        return Stream.of(
                Arguments.of(
                        "appended in order",
                        List.of("--read-timeout=60", "--max-concurrency=4"),
                        "--gzip --read-timeout=60 --max-concurrency=4 --endpoint-url http://s3 --cloud-provider "
                                + "aws-s3"),
                Arguments.of(
                        "a generated option is not repeated",
                        List.of("--gzip", "--read-timeout=9"),
                        "--gzip --read-timeout=9 --endpoint-url http://s3 --cloud-provider aws-s3"),
                Arguments.of(
                        "key before '=' matches a generated option",
                        List.of("--endpoint-url=http://other"),
                        "--gzip --endpoint-url http://s3 --cloud-provider aws-s3"),
                Arguments.of(
                        "same key as the provider",
                        List.of("--cloud-provider=google-cloud-storage"),
                        "--gzip --endpoint-url http://s3 --cloud-provider aws-s3"),
                Arguments.of(
                        "empty key skipped",
                        List.of("=x", "", "-v"),
                        "--gzip -v --endpoint-url http://s3 --cloud-provider aws-s3"),
                Arguments.of(
                        "another compression flag is not a duplicate key",
                        List.of("--bzip2"),
                        "--gzip --bzip2 --endpoint-url http://s3 --cloud-provider aws-s3"),
                Arguments.of(
                        "repeated extra keys are all kept",
                        List.of("-v", "-v"),
                        "--gzip -v -v --endpoint-url http://s3 --cloud-provider aws-s3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("additionalArgs")
    void additionalArgsMergeRule(String name, List<String> extra, String expectedOptions) {
        BarmanObjectStoreConfiguration store = new BarmanObjectStoreConfiguration(
                S3,
                null,
                null,
                "http://s3",
                null,
                DEST,
                null,
                new WalBackupConfiguration(WalCompression.GZIP, null, null, extra, null),
                null,
                null,
                null);
        List<String> command = BarmanWalArchiveCommand.of(store, "srv", BarmanCapabilities.BARMAN_3_4)
                .archive(WAL);
        assertThat(String.join(" ", command))
                .isEqualTo("barman-cloud-wal-archive " + expectedOptions + " " + DEST + " srv " + WAL);
    }

    static Stream<Arguments> refusedCompressions() {
        return Stream.of(
                Arguments.of(WalCompression.SNAPPY, "python-snappy"),
                Arguments.of(WalCompression.LZ4, "no --lz4"),
                Arguments.of(WalCompression.XZ, "no --xz"),
                Arguments.of(WalCompression.ZSTD, "no --zstd"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCompressions")
    void compressionsBarman34CannotDoAreRefused(WalCompression compression, String reason) {
        assertThatThrownBy(() -> BarmanWalArchiveCommand.of(
                        store(wal(compression, null, null), null, null, null), "srv", BarmanCapabilities.BARMAN_3_4))
                .isInstanceOf(BarmanConfigurationException.class)
                .hasMessageContaining("WAL compression " + compression.name().toLowerCase())
                .hasMessageContaining("barman-cloud 3.4.0")
                .hasMessageContaining(reason);
    }

    @Test
    void defaultAzureCredentialsAreRefusedOnBarman34() {
        BarmanObjectStoreConfiguration store = new BarmanObjectStoreConfiguration(
                null,
                new AzureCredentials(null, new SecretKeySelector("a", "acct"), null, null, null, true),
                null,
                null,
                null,
                DEST,
                null,
                null,
                null,
                null,
                null);
        assertThatThrownBy(() -> BarmanWalArchiveCommand.of(store, "srv", BarmanCapabilities.BARMAN_3_4))
                .isInstanceOf(BarmanConfigurationException.class)
                .hasMessageContaining("--credential default");
    }

    @Test
    void emptyTagValuesAreRefused() {
        assertThatThrownBy(() -> BarmanWalArchiveCommand.of(
                        store(null, Map.of("k", ""), null, null), "srv", BarmanCapabilities.BARMAN_3_4))
                .isInstanceOf(BarmanConfigurationException.class);
    }

    @Test
    void checkCommandHasOnlyWhereAndHow() {
        BarmanObjectStoreConfiguration store = new BarmanObjectStoreConfiguration(
                S3,
                null,
                null,
                "http://s3",
                null,
                DEST,
                null,
                wal(WalCompression.GZIP, EncryptionType.AES256, List.of("--read-timeout=5")),
                null,
                Map.of("k", "v"),
                null);
        assertThat(BarmanWalArchiveCommand.of(store, "srv", BarmanCapabilities.BARMAN_3_4)
                        .checkEmpty())
                .containsExactly(
                        "barman-cloud-check-wal-archive",
                        "--endpoint-url",
                        "http://s3",
                        "--cloud-provider",
                        "aws-s3",
                        DEST,
                        "srv");
    }

    @Test
    void serverNameAndDestinationAreRequired() {
        assertThatThrownBy(() ->
                        BarmanWalArchiveCommand.of(store(null, null, null, null), " ", BarmanCapabilities.BARMAN_3_4))
                .isInstanceOf(BarmanConfigurationException.class);
        BarmanObjectStoreConfiguration noDestination =
                new BarmanObjectStoreConfiguration(S3, null, null, null, null, "", null, null, null, null, null);
        assertThatThrownBy(() -> BarmanWalArchiveCommand.of(noDestination, "srv", BarmanCapabilities.BARMAN_3_4))
                .hasMessageContaining("destinationPath");
    }

    private static BarmanObjectStoreConfiguration store(
            WalBackupConfiguration wal, Map<String, String> tags, Map<String, String> historyTags, String endpoint) {
        return new BarmanObjectStoreConfiguration(
                S3, null, null, endpoint, null, DEST, null, wal, null, tags, historyTags);
    }

    private static WalBackupConfiguration wal(
            WalCompression compression, EncryptionType encryption, List<String> extra) {
        return new WalBackupConfiguration(compression, encryption, null, extra, null);
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
