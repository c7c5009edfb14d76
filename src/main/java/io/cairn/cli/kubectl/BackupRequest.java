package io.cairn.cli.kubectl;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.BackupPluginConfiguration;
import io.cairn.api.v1.BackupSpec;
import io.cairn.api.v1.BackupTarget;
import io.cairn.api.v1.LocalObjectReference;
import io.cairn.api.v1.OnlineConfiguration;
import io.cairn.controller.cluster.ClusterResources;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@code kubectl cairn backup} asks for, read from its command line with the rules of CloudNativePG's
 * {@code kubectl cnpg backup}: the default name {@code <cluster>-<YYYYMMDDhhmmss>} (now, UTC), fields left out
 * unless a flag sets them (so the Cluster's settings apply), plugin flags only with the plugin method.
 *
 * @param method null: the Backup's default (barmanObjectStore)
 * @param target null: the Cluster's {@code .spec.backup.target}
 * @param online null: the Cluster's {@code .spec.backup.volumeSnapshot.online}
 * @param pluginParameters empty unless the method is plugin
 */
record BackupRequest(
        String clusterName,
        String backupName,
        BackupMethod method,
        BackupTarget target,
        Boolean online,
        Boolean immediateCheckpoint,
        Boolean waitForArchive,
        String pluginName,
        Map<String, String> pluginParameters,
        boolean dryRun) {

    static final Option BACKUP_NAME =
            Option.value("backup-name", "NAME", "the Backup's name (default: CLUSTER-YYYYMMDDhhmmss, now in UTC)");
    static final Option METHOD = Option.value(
            "method",
            'm',
            "METHOD",
            "barmanObjectStore, volumeSnapshot or plugin (default: the Backup's default, barmanObjectStore)");
    static final Option TARGET = Option.value(
            "target", 't', "TARGET", "primary or prefer-standby (default: the Cluster's .spec.backup.target)");
    /** CloudNativePG's spelling of --target. */
    static final Option BACKUP_TARGET = Option.value("backup-target", "TARGET", "the same as --target");

    static final Option ONLINE = Option.value(
            "online", "true|false", "hot (true) or cold (false) volume snapshot backup (default: the Cluster's)");
    static final Option IMMEDIATE_CHECKPOINT = Option.toggle(
            "immediate-checkpoint",
            "start the hot backup with an immediate checkpoint (volumeSnapshot; =false to turn off)");
    static final Option WAIT_FOR_ARCHIVE = Option.toggle(
            "wait-for-archive", "wait for the backup's WAL to be archived (volumeSnapshot; =false to turn off)");
    static final Option PLUGIN_NAME =
            Option.value("plugin-name", "NAME", "the CNPG-I plugin that takes the backup (method plugin only)");
    static final Option PLUGIN_PARAMETERS =
            Option.value("plugin-parameters", "K=V,...", "parameters passed to the plugin (method plugin only)");
    static final Option DRY_RUN = Option.toggle("dry-run", "print the Backup as YAML instead of creating it");

    static final List<Option> OPTIONS = List.of(
            BACKUP_NAME,
            METHOD,
            TARGET,
            BACKUP_TARGET,
            ONLINE,
            IMMEDIATE_CHECKPOINT,
            WAIT_FOR_ARCHIVE,
            PLUGIN_NAME,
            PLUGIN_PARAMETERS,
            DRY_RUN);

    private static final DateTimeFormatter COMPACT_UTC =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    /** CloudNativePG's default Backup name: the cluster's name and the time, {@code <cluster>-<YYYYMMDDhhmmss>}. */
    static String defaultName(String clusterName, Instant now) {
        return clusterName + "-" + COMPACT_UTC.format(now);
    }

    /** @throws UsageException naming the flag and the values it accepts */
    static BackupRequest from(Arguments args, Instant now) {
        String cluster = args.single("cluster name (kubectl cairn backup CLUSTER)");
        BackupMethod method = args.value(METHOD.name())
                .map(v -> oneOf(METHOD, v, BackupMethod.values(), BackupMethod::value))
                .orElse(null);
        BackupTarget target = args.value(TARGET.name())
                .or(() -> args.value(BACKUP_TARGET.name()))
                .map(v -> oneOf(TARGET, v, BackupTarget.values(), BackupTarget::value))
                .orElse(null);
        Boolean online = args.value(ONLINE.name())
                .map(v -> Arguments.booleanValue(ONLINE, v))
                .orElse(null);
        String pluginName = args.value(PLUGIN_NAME.name()).orElse(null);
        Map<String, String> pluginParameters = args.value(PLUGIN_PARAMETERS.name())
                .map(BackupRequest::pluginParameters)
                .orElse(Map.of());
        if (method == BackupMethod.PLUGIN && (pluginName == null || pluginName.isEmpty())) {
            throw new UsageException("--plugin-name is required with --method plugin");
        }
        if (method != BackupMethod.PLUGIN && (pluginName != null || args.has(PLUGIN_PARAMETERS.name()))) {
            throw new UsageException("--plugin-name and --plugin-parameters are only allowed with --method plugin");
        }
        String name =
                args.value(BACKUP_NAME.name()).filter(n -> !n.isEmpty()).orElseGet(() -> defaultName(cluster, now));
        return new BackupRequest(
                cluster,
                name,
                method,
                target,
                online,
                args.toggle(IMMEDIATE_CHECKPOINT.name()).orElse(null),
                args.toggle(WAIT_FOR_ARCHIVE.name()).orElse(null),
                pluginName,
                pluginParameters,
                args.toggle(DRY_RUN.name()).orElse(false));
    }

    /** The Backup to create, labelled with its cluster as CloudNativePG's plugin labels it. */
    Backup manifest(String namespace) {
        Backup backup = new Backup();
        backup.setMetadata(new ObjectMetaBuilder()
                .withName(backupName)
                .withNamespace(namespace)
                .addToLabels(ClusterResources.CLUSTER_LABEL, clusterName)
                .build());
        OnlineConfiguration onlineConfiguration = immediateCheckpoint == null && waitForArchive == null
                ? null
                : new OnlineConfiguration(waitForArchive, immediateCheckpoint);
        BackupPluginConfiguration plugin = pluginName == null
                ? null
                : new BackupPluginConfiguration(pluginName, pluginParameters.isEmpty() ? null : pluginParameters);
        backup.setSpec(new BackupSpec(
                new LocalObjectReference(clusterName), target, method, plugin, online, onlineConfiguration));
        return backup;
    }

    /** {@code k=v,k2=v2} as CloudNativePG reads it: empty entries skipped, the value may be empty. */
    static Map<String, String> pluginParameters(String list) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String entry : list.split(",")) {
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new UsageException("invalid --plugin-parameters entry \"" + entry + "\": expected KEY=VALUE");
            }
            parameters.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        return parameters;
    }

    private static <E extends Enum<E>> E oneOf(Option option, String value, E[] values, Function<E, String> name) {
        return Arrays.stream(values)
                .filter(e -> name.apply(e).equals(value))
                .findFirst()
                .orElseThrow(() -> new UsageException("invalid value \"" + value + "\" for --" + option.name()
                        + ": one of " + Arrays.stream(values).map(name).collect(Collectors.joining(", "))));
    }
}
