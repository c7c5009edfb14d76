package io.cairn.plugin;

import java.util.List;

/**
 * What a plugin says it is and can do, read when Cairn connects to it (CloudNativePG's {@code LoadPlugin}): its
 * metadata, the services it implements, and the capabilities of each service it implements. Capabilities are the
 * protocol's enum names ({@code TYPE_BACKUP_SERVICE}, {@code TYPE_ARCHIVE_WAL}, {@code KIND_BACKUP}, ...), which are
 * also what {@code cluster.status.pluginStatus} shows.
 *
 * @param services the services implemented (Identity's capabilities), the status's {@code capabilities}
 * @param operatorCapabilities the Operator service's RPCs, when implemented; else empty (so for every list below)
 * @param walCapabilities the WAL service's RPCs
 * @param backupCapabilities the Backup service's RPCs
 * @param reconcilerHookKinds the kinds of resource the ReconcilerHooks are called for ({@code KIND_CLUSTER}, ...)
 * @param restoreJobHookCapabilities the RestoreJobHooks kinds
 * @param metricsCapabilities the Metrics service's RPCs
 * @param lifecycleKinds the kinds of object the OperatorLifecycle hook is called for ({@code Pod}, {@code Job}, ...)
 */
public record PluginDescription(
        PluginMetadata metadata,
        List<String> services,
        List<String> operatorCapabilities,
        List<String> walCapabilities,
        List<String> backupCapabilities,
        List<String> reconcilerHookKinds,
        List<String> restoreJobHookCapabilities,
        List<String> metricsCapabilities,
        List<String> lifecycleKinds) {

    /** Identity's service types. */
    public static final String OPERATOR_SERVICE = "TYPE_OPERATOR_SERVICE";

    public static final String WAL_SERVICE = "TYPE_WAL_SERVICE";
    public static final String BACKUP_SERVICE = "TYPE_BACKUP_SERVICE";
    public static final String LIFECYCLE_SERVICE = "TYPE_LIFECYCLE_SERVICE";
    public static final String RECONCILER_HOOKS = "TYPE_RECONCILER_HOOKS";
    public static final String RESTORE_JOB = "TYPE_RESTORE_JOB";
    public static final String METRICS = "TYPE_METRICS";

    /** The Backup service's only RPC, and the WAL service's two main ones. */
    public static final String BACKUP = "TYPE_BACKUP";

    public static final String ARCHIVE_WAL = "TYPE_ARCHIVE_WAL";
    public static final String RESTORE_WAL = "TYPE_RESTORE_WAL";

    public PluginDescription {
        services = List.copyOf(services);
        operatorCapabilities = List.copyOf(operatorCapabilities);
        walCapabilities = List.copyOf(walCapabilities);
        backupCapabilities = List.copyOf(backupCapabilities);
        reconcilerHookKinds = List.copyOf(reconcilerHookKinds);
        restoreJobHookCapabilities = List.copyOf(restoreJobHookCapabilities);
        metricsCapabilities = List.copyOf(metricsCapabilities);
        lifecycleKinds = List.copyOf(lifecycleKinds);
    }

    public String name() {
        return metadata.name();
    }

    public boolean implementsService(String service) {
        return services.contains(service);
    }

    /**
     * Why this plugin cannot take a Backup, in CloudNativePG's words, or null when it can: it must implement the
     * Backup service and offer its Backup RPC.
     */
    public String backupRefusal() {
        if (!implementsService(BACKUP_SERVICE)) {
            return "plugin does not support Backup service";
        }
        if (!backupCapabilities.contains(BACKUP)) {
            return "plugin does not support the Backup RPC call";
        }
        return null;
    }

    /** Whether PostgreSQL's WAL can be archived through this plugin. */
    public boolean canArchiveWal() {
        return implementsService(WAL_SERVICE) && walCapabilities.contains(ARCHIVE_WAL);
    }

    /** Whether archived WAL can be restored through this plugin. */
    public boolean canRestoreWal() {
        return implementsService(WAL_SERVICE) && walCapabilities.contains(RESTORE_WAL);
    }

    /** Whether the plugin's ReconcilerHooks want to hear about resources of this kind ({@code KIND_BACKUP}, ...). */
    public boolean hooksReconcilerOf(String kind) {
        return implementsService(RECONCILER_HOOKS) && reconcilerHookKinds.contains(kind);
    }
}
