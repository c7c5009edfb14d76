package io.cairn.plugin;

import static cnpgi.identity.v1.IdentityOuterClass.PluginCapability.Service.Type.TYPE_BACKUP_SERVICE;
import static cnpgi.identity.v1.IdentityOuterClass.PluginCapability.Service.Type.TYPE_WAL_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cnpgi.backup.v1.BackupOuterClass.BackupResult;
import cnpgi.identity.v1.IdentityOuterClass.PluginCapability;
import cnpgi.reconciler.v1.Reconciler.ReconcilerHooksResult;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CNPG-I client against a stand-in plugin on loopback: mutual TLS 1.3 as CloudNativePG sets it up, capabilities
 * read the way CloudNativePG's {@code LoadPlugin} reads them, and the Backup and WAL calls with CloudNativePG's
 * refusals and messages.
 */
class PluginClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final SelfSignedCertificate SERVER = SelfSignedCertificate.server("fake", "fake");
    private static final SelfSignedCertificate CLIENT = SelfSignedCertificate.client("fake-client");
    private static final byte[] CLUSTER = "{\"kind\":\"Cluster\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BACKUP = "{\"kind\":\"Backup\"}".getBytes(StandardCharsets.UTF_8);

    private FakePlugin plugin;
    private PluginConnection connection;

    @AfterEach
    void close() throws InterruptedException {
        if (connection != null) {
            connection.close();
        }
        if (plugin != null) {
            plugin.close();
        }
    }

    private PluginClient connect(List<PluginCapability.Service.Type> services, boolean backupRpc) throws Exception {
        plugin = new FakePlugin(SERVER, CLIENT, PluginTls.PROTOCOL, services, backupRpc);
        connection = PluginConnection.remote("127.0.0.1", plugin.port(), tls(CLIENT, SERVER, "fake"), TIMEOUT);
        return connection.client();
    }

    private static PluginTls tls(SelfSignedCertificate client, SelfSignedCertificate trusted, String serverName) {
        return new PluginTls(client.certificatePem(), client.keyPem(), trusted.certificatePem(), serverName);
    }

    @Test
    void describesThePluginAndAsksOnlyTheServicesItImplementsForTheirCapabilities() throws Exception {
        PluginDescription description =
                connect(List.of(TYPE_BACKUP_SERVICE), true).describe();

        assertThat(description.metadata().name()).isEqualTo("fake.cairn.io");
        assertThat(description.metadata().version()).isEqualTo("1.2.3");
        assertThat(description.metadata().manifest()).containsEntry("k", "v");
        assertThat(description.services()).containsExactly("TYPE_BACKUP_SERVICE");
        assertThat(description.backupCapabilities()).containsExactly("TYPE_BACKUP");
        assertThat(description.walCapabilities()).isEmpty();
        assertThat(plugin.calls)
                .containsExactly(
                        "Identity.GetPluginMetadata", "Identity.GetPluginCapabilities", "Backup.GetCapabilities");
        assertThat(description.backupRefusal()).isNull();
        assertThat(description.canArchiveWal()).isFalse();
    }

    @Test
    void probesThePlugin() throws Exception {
        assertThat(connect(List.of(), false).probe()).isTrue();
    }

    @Test
    void sendsTheBackupAndCopiesEveryFieldOfTheResult() throws Exception {
        PluginClient client = connect(List.of(TYPE_BACKUP_SERVICE), true);
        plugin.result = BackupResult.newBuilder()
                .setBackupId("20261207T180000")
                .setBackupName("backup-1")
                .setStartedAt(1_765_130_400L)
                .setStoppedAt(1_765_130_460L)
                .setBeginWal("000000010000000000000004")
                .setEndWal("000000010000000000000005")
                .setBeginLsn("0/4000028")
                .setEndLsn("0/5000100")
                .setBackupLabelFile(ByteString.copyFromUtf8("START WAL LOCATION"))
                .setTablespaceMapFile(ByteString.copyFromUtf8("16384 /tbs"))
                .setInstanceId("cluster-1")
                .setOnline(true)
                .putMetadata("timeline", "1")
                .build();

        PluginBackupResult result =
                client.backup(client.describe(), CLUSTER, BACKUP, Map.of("barmanObjectName", "store"), TIMEOUT);

        assertThat(plugin.backups).singleElement().satisfies(request -> {
            assertThat(request.getClusterDefinition().toByteArray()).isEqualTo(CLUSTER);
            assertThat(request.getBackupDefinition().toByteArray()).isEqualTo(BACKUP);
            assertThat(request.getParametersMap()).containsExactly(Map.entry("barmanObjectName", "store"));
        });
        assertThat(result.backupId()).isEqualTo("20261207T180000");
        assertThat(result.backupName()).isEqualTo("backup-1");
        assertThat(result.startedAt()).isEqualTo(Instant.ofEpochSecond(1_765_130_400L));
        assertThat(result.stoppedAt()).isEqualTo(Instant.ofEpochSecond(1_765_130_460L));
        assertThat(result.beginWal()).isEqualTo("000000010000000000000004");
        assertThat(result.endWal()).isEqualTo("000000010000000000000005");
        assertThat(result.beginLsn()).isEqualTo("0/4000028");
        assertThat(result.endLsn()).isEqualTo("0/5000100");
        assertThat(new String(result.backupLabelFile(), StandardCharsets.UTF_8)).isEqualTo("START WAL LOCATION");
        assertThat(new String(result.tablespaceMapFile(), StandardCharsets.UTF_8))
                .isEqualTo("16384 /tbs");
        assertThat(result.instanceId()).isEqualTo("cluster-1");
        assertThat(result.online()).isTrue();
        assertThat(result.metadata()).containsExactly(Map.entry("timeline", "1"));
    }

    @Test
    void leavesTimesOutWhenThePluginSendsZero() throws Exception {
        PluginClient client = connect(List.of(TYPE_BACKUP_SERVICE), true);
        plugin.result = BackupResult.newBuilder().setBackupId("b").build();

        PluginBackupResult result = client.backup(client.describe(), CLUSTER, BACKUP, Map.of(), TIMEOUT);

        assertThat(result.startedAt()).isNull();
        assertThat(result.stoppedAt()).isNull();
    }

    @Test
    void refusesABackupThePluginCannotTakeWithoutCallingIt() throws Exception {
        PluginClient noService = connect(List.of(TYPE_WAL_SERVICE), false);
        assertThatThrownBy(() -> noService.backup(noService.describe(), CLUSTER, BACKUP, Map.of(), TIMEOUT))
                .isInstanceOf(PluginCallException.class)
                .hasMessage("plugin does not support Backup service");
        close();

        PluginClient noRpc = connect(List.of(TYPE_BACKUP_SERVICE), false);
        assertThatThrownBy(() -> noRpc.backup(noRpc.describe(), CLUSTER, BACKUP, Map.of(), TIMEOUT))
                .isInstanceOf(PluginCallException.class)
                .hasMessage("plugin does not support the Backup RPC call");
        assertThat(plugin.calls).doesNotContain("Backup.Backup");
    }

    @Test
    void reportsAFailedBackupAsCloudNativePgDoes() throws Exception {
        PluginClient client = connect(List.of(TYPE_BACKUP_SERVICE), true);
        plugin.backupFailure = Status.UNKNOWN.withDescription("can't find ObjectStore");

        assertThatThrownBy(() -> client.backup(client.describe(), CLUSTER, BACKUP, Map.of(), TIMEOUT))
                .isInstanceOfSatisfying(PluginCallException.class, e -> {
                    assertThat(e).hasMessage("rpc error: code = Unknown desc = can't find ObjectStore");
                    assertThat(e.unreachable()).isFalse();
                });
    }

    @Test
    void archivesWalThroughTheWalService() throws Exception {
        PluginClient client = connect(List.of(TYPE_WAL_SERVICE), false);
        PluginDescription description = client.describe();

        client.archiveWal(
                CLUSTER,
                "/var/lib/postgresql/data/pgdata/pg_wal/000000010000000000000001",
                Map.of("barmanObjectName", "store"),
                TIMEOUT);

        assertThat(description.canArchiveWal()).isTrue();
        assertThat(description.canRestoreWal()).isTrue();
        assertThat(plugin.archived).singleElement().satisfies(request -> {
            assertThat(request.getSourceFileName()).endsWith("pg_wal/000000010000000000000001");
            assertThat(request.getParametersMap()).containsEntry("barmanObjectName", "store");
        });
    }

    @Test
    void refusesAServerWhoseCertificateIsNotTheTrustedOne() throws Exception {
        connect(List.of(), false);
        SelfSignedCertificate impostor = SelfSignedCertificate.server("fake", "fake");
        assertNoCallGetsThrough(tls(CLIENT, impostor, "fake"));
    }

    @Test
    void refusesAServerWhoseCertificateDoesNotNameTheServerName() throws Exception {
        connect(List.of(), false);
        assertNoCallGetsThrough(tls(CLIENT, SERVER, "barman-cloud"));
    }

    @Test
    void isRefusedByTheServerWithAnUntrustedClientCertificate() throws Exception {
        connect(List.of(), false);
        assertNoCallGetsThrough(tls(SelfSignedCertificate.client("stranger"), SERVER, "fake"));
    }

    @Test
    void speaksNothingOlderThanTls13() throws Exception {
        plugin = new FakePlugin(SERVER, CLIENT, "TLSv1.2", List.of(), false);
        assertNoCallGetsThrough(tls(CLIENT, SERVER, "fake"));
    }

    /** The handshake fails, the client says the plugin is unreachable, and the plugin sees no call. */
    private void assertNoCallGetsThrough(PluginTls tls) {
        try (PluginConnection refused = PluginConnection.remote("127.0.0.1", plugin.port(), tls, TIMEOUT)) {
            assertThatThrownBy(() -> refused.client().probe())
                    .isInstanceOfSatisfying(
                            PluginCallException.class,
                            e -> assertThat(e.unreachable()).isTrue());
        }
        assertThat(plugin.calls).isEmpty();
    }

    @Test
    void reachesASidecarOnItsUnixSocket(@TempDir Path plugins) throws Exception {
        Path socket = plugins.resolve("fake.cairn.io");
        plugin = new FakePlugin(socket, List.of(TYPE_WAL_SERVICE));
        connection = PluginConnection.localSocket(socket, TIMEOUT);

        PluginDescription description = connection.client().describe();
        connection.client().archiveWal(CLUSTER, "/pgdata/pg_wal/000000010000000000000002", Map.of(), TIMEOUT);

        assertThat(description.name()).isEqualTo("fake.cairn.io");
        assertThat(description.canArchiveWal()).isTrue();
        assertThat(plugin.archived)
                .singleElement()
                .satisfies(request -> assertThat(request.getSourceFileName()).endsWith("000000010000000000000002"));
    }

    @Test
    void saysASidecarWithoutASocketIsUnreachable(@TempDir Path plugins) {
        try (PluginConnection missing = PluginConnection.localSocket(plugins.resolve("absent"), TIMEOUT)) {
            assertThatThrownBy(() -> missing.client().probe())
                    .isInstanceOfSatisfying(
                            PluginCallException.class,
                            e -> assertThat(e.unreachable()).isTrue());
        }
    }

    @Test
    void readsAHookAnswerAsCloudNativePgDoesAnUnspecifiedBehaviourGoesOn() {
        assertThat(HookResult.of(ReconcilerHooksResult.newBuilder()
                        .setBehavior(ReconcilerHooksResult.Behavior.BEHAVIOR_REQUEUE)
                        .setRequeueAfter(30)
                        .build()))
                .isEqualTo(new HookResult(HookResult.Behavior.REQUEUE, Duration.ofSeconds(30)));
        assertThat(HookResult.of(ReconcilerHooksResult.newBuilder()
                                .setBehavior(ReconcilerHooksResult.Behavior.BEHAVIOR_TERMINATE)
                                .build())
                        .behavior())
                .isEqualTo(HookResult.Behavior.TERMINATE);
        assertThat(HookResult.of(ReconcilerHooksResult.getDefaultInstance()))
                .isEqualTo(new HookResult(HookResult.Behavior.CONTINUE, Duration.ZERO));
    }

    @Test
    void rendersGrpcCodesAsGrpcGoDoes() {
        assertThat(PluginCallException.goCodeName(Status.Code.DEADLINE_EXCEEDED))
                .isEqualTo("DeadlineExceeded");
        assertThat(PluginCallException.goCodeName(Status.Code.UNAVAILABLE)).isEqualTo("Unavailable");
        assertThat(PluginCallException.goCodeName(Status.Code.OK)).isEqualTo("OK");
        assertThat(PluginCallException.rpcError(Status.INVALID_ARGUMENT.withDescription("bad")))
                .isEqualTo("rpc error: code = InvalidArgument desc = bad");
    }

    @Test
    void refusesUnreadableTlsMaterialWithAClearError() {
        PluginTls broken = new PluginTls("not a certificate", CLIENT.keyPem(), SERVER.certificatePem(), "fake");
        assertThatThrownBy(broken::sslContext)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client certificate");
    }
}
