package io.cairn.plugin;

import cnpgi.backup.v1.BackupGrpc;
import cnpgi.backup.v1.BackupOuterClass.BackupCapabilitiesRequest;
import cnpgi.backup.v1.BackupOuterClass.BackupRequest;
import cnpgi.identity.v1.IdentityGrpc;
import cnpgi.identity.v1.IdentityOuterClass.GetPluginCapabilitiesRequest;
import cnpgi.identity.v1.IdentityOuterClass.GetPluginMetadataRequest;
import cnpgi.identity.v1.IdentityOuterClass.GetPluginMetadataResponse;
import cnpgi.identity.v1.IdentityOuterClass.ProbeRequest;
import cnpgi.metrics.v1.MetricsGrpc;
import cnpgi.metrics.v1.MetricsOuterClass.MetricsCapabilitiesRequest;
import cnpgi.operator.v1.OperatorGrpc;
import cnpgi.operator.v1.OperatorOuterClass.OperatorCapabilitiesRequest;
import cnpgi.operator_lifecycle.v1.OperatorLifecycleGrpc;
import cnpgi.operator_lifecycle.v1.OperatorLifecycleOuterClass.OperatorLifecycleCapabilitiesRequest;
import cnpgi.operator_lifecycle.v1.OperatorLifecycleOuterClass.OperatorLifecycleRequest;
import cnpgi.operator_lifecycle.v1.OperatorLifecycleOuterClass.OperatorOperationType;
import cnpgi.reconciler.v1.Reconciler.ReconcilerHooksCapabilitiesRequest;
import cnpgi.reconciler.v1.Reconciler.ReconcilerHooksRequest;
import cnpgi.reconciler.v1.ReconcilerHooksGrpc;
import cnpgi.wal.v1.RestoreJob.RestoreJobHooksCapabilitiesRequest;
import cnpgi.wal.v1.RestoreJobHooksGrpc;
import cnpgi.wal.v1.WALGrpc;
import cnpgi.wal.v1.Wal.WALArchiveRequest;
import cnpgi.wal.v1.Wal.WALCapabilitiesRequest;
import cnpgi.wal.v1.Wal.WALRestoreRequest;
import cnpgi.wal.v1.Wal.WALStatusRequest;
import cnpgi.wal.v1.Wal.WALStatusResult;
import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The calls Cairn makes to one plugin, over a channel it does not own ({@link PluginConnection} owns it). Each call is
 * synchronous and fails with a {@link PluginCallException} carrying CloudNativePG's message for the same failure.
 * Short calls (identity, capabilities, status) use the client's deadline; the calls that move data (Backup, WAL
 * archive and restore) take theirs from the caller.
 */
public final class PluginClient {

    private final Channel channel;
    private final Duration callTimeout;

    PluginClient(Channel channel, Duration callTimeout) {
        this.channel = channel;
        this.callTimeout = callTimeout;
    }

    /**
     * Who the plugin is and what it can do: its metadata, its services, then the capabilities of each service it
     * implements and only those (CloudNativePG's {@code LoadPlugin}).
     */
    public PluginDescription describe() throws PluginCallException {
        GetPluginMetadataResponse metadata = call(
                "while querying plugin identity",
                () -> identity().getPluginMetadata(GetPluginMetadataRequest.getDefaultInstance()));
        List<String> services = call(
                        "while querying plugin capabilities",
                        () -> identity().getPluginCapabilities(GetPluginCapabilitiesRequest.getDefaultInstance()))
                .getCapabilitiesList()
                .stream()
                .map(c -> c.getService().getType().name())
                .toList();
        return new PluginDescription(
                metadata(metadata),
                services,
                ifImplemented(
                        services,
                        PluginDescription.OPERATOR_SERVICE,
                        "operator",
                        () -> short_(OperatorGrpc.newBlockingStub(channel))
                                .getCapabilities(OperatorCapabilitiesRequest.getDefaultInstance())
                                .getCapabilitiesList()
                                .stream()
                                .map(c -> c.getRpc().getType().name())
                                .toList()),
                ifImplemented(
                        services,
                        PluginDescription.WAL_SERVICE,
                        "WAL",
                        () -> short_(WALGrpc.newBlockingStub(channel))
                                .getCapabilities(WALCapabilitiesRequest.getDefaultInstance())
                                .getCapabilitiesList()
                                .stream()
                                .map(c -> c.getRpc().getType().name())
                                .toList()),
                ifImplemented(
                        services,
                        PluginDescription.BACKUP_SERVICE,
                        "backup",
                        () -> short_(BackupGrpc.newBlockingStub(channel))
                                .getCapabilities(BackupCapabilitiesRequest.getDefaultInstance())
                                .getCapabilitiesList()
                                .stream()
                                .map(c -> c.getRpc().getType().name())
                                .toList()),
                ifImplemented(
                        services,
                        PluginDescription.RECONCILER_HOOKS,
                        "reconciler hooks",
                        () -> short_(ReconcilerHooksGrpc.newBlockingStub(channel))
                                .getCapabilities(ReconcilerHooksCapabilitiesRequest.getDefaultInstance())
                                .getReconcilerCapabilitiesList()
                                .stream()
                                .map(c -> c.getKind().name())
                                .toList()),
                ifImplemented(
                        services,
                        PluginDescription.RESTORE_JOB,
                        "restore job hooks",
                        () -> short_(RestoreJobHooksGrpc.newBlockingStub(channel))
                                .getCapabilities(RestoreJobHooksCapabilitiesRequest.getDefaultInstance())
                                .getCapabilitiesList()
                                .stream()
                                .map(c -> c.getKind().name())
                                .toList()),
                ifImplemented(
                        services,
                        PluginDescription.METRICS,
                        "metrics",
                        () -> short_(MetricsGrpc.newBlockingStub(channel))
                                .getCapabilities(MetricsCapabilitiesRequest.getDefaultInstance())
                                .getCapabilitiesList()
                                .stream()
                                .map(c -> c.getRpc().getType().name())
                                .toList()),
                ifImplemented(
                        services,
                        PluginDescription.LIFECYCLE_SERVICE,
                        "lifecycle",
                        () -> short_(OperatorLifecycleGrpc.newBlockingStub(channel))
                                .getCapabilities(OperatorLifecycleCapabilitiesRequest.getDefaultInstance())
                                .getLifecycleCapabilitiesList()
                                .stream()
                                .map(c -> c.getKind())
                                .toList()));
    }

    /** The capabilities of one service: asked only when the plugin implements it, as CloudNativePG does. */
    private static List<String> ifImplemented(
            List<String> services, String service, String name, Supplier<List<String>> capabilities)
            throws PluginCallException {
        return services.contains(service)
                ? call("while querying plugin " + name + " capabilities", capabilities)
                : List.of();
    }

    /** Identity's Probe: whether the plugin says it is ready. */
    public boolean probe() throws PluginCallException {
        return call("while probing the plugin", () -> identity().probe(ProbeRequest.getDefaultInstance()))
                .getReady();
    }

    /**
     * Takes a backup through the plugin, after checking it can (CloudNativePG's checks and messages).
     *
     * @param clusterJson the Cluster as JSON, with apiVersion and kind
     * @param backupJson the Backup as JSON, with apiVersion and kind
     * @param parameters the Backup's {@code spec.pluginConfiguration.parameters}
     */
    public PluginBackupResult backup(
            PluginDescription plugin,
            byte[] clusterJson,
            byte[] backupJson,
            Map<String, String> parameters,
            Duration deadline)
            throws PluginCallException {
        String refusal = plugin.backupRefusal();
        if (refusal != null) {
            throw new PluginCallException(refusal);
        }
        BackupRequest request = BackupRequest.newBuilder()
                .setClusterDefinition(ByteString.copyFrom(clusterJson))
                .setBackupDefinition(ByteString.copyFrom(backupJson))
                .putAllParameters(parameters)
                .build();
        return PluginBackupResult.of(call(
                "", () -> within(BackupGrpc.newBlockingStub(channel), deadline).backup(request)));
    }

    /** Archives one WAL file (its full path in the instance) through the plugin's WAL service. */
    public void archiveWal(byte[] clusterJson, String walPath, Map<String, String> parameters, Duration deadline)
            throws PluginCallException {
        WALArchiveRequest request = WALArchiveRequest.newBuilder()
                .setClusterDefinition(ByteString.copyFrom(clusterJson))
                .setSourceFileName(walPath)
                .putAllParameters(parameters)
                .build();
        call("", () -> within(WALGrpc.newBlockingStub(channel), deadline).archive(request));
    }

    /** Restores the WAL file {@code walName} from the plugin's archive to {@code destination} (recovery mode). */
    public void restoreWal(
            byte[] clusterJson, String walName, String destination, Map<String, String> parameters, Duration deadline)
            throws PluginCallException {
        WALRestoreRequest request = WALRestoreRequest.newBuilder()
                .setClusterDefinition(ByteString.copyFrom(clusterJson))
                .setSourceWalName(walName)
                .setDestinationFileName(destination)
                .putAllParameters(parameters)
                .setMode(WALRestoreRequest.Mode.MODE_RECOVERY)
                .build();
        call("", () -> within(WALGrpc.newBlockingStub(channel), deadline).restore(request));
    }

    /**
     * ReconcilerHooks' Pre hook: called before Cairn reconciles {@code resourceJson} (the Cluster itself, or a Backup)
     * when the plugin's hooks cover that kind.
     */
    public HookResult preReconcile(byte[] clusterJson, byte[] resourceJson) throws PluginCallException {
        return HookResult.of(call(
                "while calling the Pre reconciler hook",
                () -> short_(ReconcilerHooksGrpc.newBlockingStub(channel))
                        .pre(hookRequest(clusterJson, resourceJson))));
    }

    /** ReconcilerHooks' Post hook: called after Cairn reconciled {@code resourceJson}. */
    public HookResult postReconcile(byte[] clusterJson, byte[] resourceJson) throws PluginCallException {
        return HookResult.of(call(
                "while calling the Post reconciler hook",
                () -> short_(ReconcilerHooksGrpc.newBlockingStub(channel))
                        .post(hookRequest(clusterJson, resourceJson))));
    }

    /**
     * OperatorLifecycle's hook: the JSON patch (RFC 6902) the plugin wants applied to {@code objectJson} (an instance
     * Pod or a Job of the Cluster) before Cairn sends it, for instance to inject its sidecar; empty for none.
     *
     * @param operation the operation's type name ({@code TYPE_CREATE}, {@code TYPE_PATCH}, ...)
     */
    public byte[] lifecycleHook(String operation, byte[] clusterJson, byte[] objectJson) throws PluginCallException {
        OperatorLifecycleRequest request = OperatorLifecycleRequest.newBuilder()
                .setOperationType(
                        OperatorOperationType.newBuilder().setType(OperatorOperationType.Type.valueOf(operation)))
                .setClusterDefinition(ByteString.copyFrom(clusterJson))
                .setObjectDefinition(ByteString.copyFrom(objectJson))
                .build();
        return call(
                        "while calling the lifecycle hook",
                        () -> short_(OperatorLifecycleGrpc.newBlockingStub(channel))
                                .lifecycleHook(request))
                .getJsonPatch()
                .toByteArray();
    }

    private static ReconcilerHooksRequest hookRequest(byte[] clusterJson, byte[] resourceJson) {
        return ReconcilerHooksRequest.newBuilder()
                .setClusterDefinition(ByteString.copyFrom(clusterJson))
                .setResourceDefinition(ByteString.copyFrom(resourceJson))
                .build();
    }

    /** The WAL service's view of the archive. */
    public WalArchiveStatus walStatus(byte[] clusterJson) throws PluginCallException {
        WALStatusResult result = call(
                "while asking the plugin for the WAL archive status",
                () -> short_(WALGrpc.newBlockingStub(channel))
                        .status(WALStatusRequest.newBuilder()
                                .setClusterDefinition(ByteString.copyFrom(clusterJson))
                                .build()));
        return new WalArchiveStatus(result.getFirstWal(), result.getLastWal(), result.getAdditionalInformationMap());
    }

    private IdentityGrpc.IdentityBlockingStub identity() {
        return short_(IdentityGrpc.newBlockingStub(channel));
    }

    private <S extends AbstractStub<S>> S short_(S stub) {
        return within(stub, callTimeout);
    }

    private static <S extends AbstractStub<S>> S within(S stub, Duration deadline) {
        return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> T call(String doing, Supplier<T> rpc) throws PluginCallException {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw PluginCallException.of(doing, e);
        }
    }

    private static PluginMetadata metadata(GetPluginMetadataResponse response) {
        return new PluginMetadata(
                response.getName(),
                response.getVersion(),
                response.getDisplayName(),
                response.getDescription(),
                response.getProjectUrl(),
                response.getRepositoryUrl(),
                response.getLicense(),
                response.getLicenseUrl(),
                response.getMaturity(),
                response.getVendor(),
                response.getManifestMap());
    }
}
