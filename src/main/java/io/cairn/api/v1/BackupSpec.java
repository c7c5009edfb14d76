package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What to back up and how. Immutable once set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "oldSelf == self", message = "BackupSpec is immutable once set")
@ValidationRule(
        value = VolumeSnapshotOnlyRules.ONLINE,
        fieldPath = ".online",
        message = VolumeSnapshotOnlyRules.ONLINE_MESSAGE)
@ValidationRule(
        value = VolumeSnapshotOnlyRules.ONLINE_CONFIGURATION,
        fieldPath = ".onlineConfiguration",
        message = VolumeSnapshotOnlyRules.ONLINE_CONFIGURATION_MESSAGE)
@ValidationRule(
        value = "!has(self.method) || self.method != 'plugin' "
                + "|| (has(self.pluginConfiguration) && self.pluginConfiguration.name != '')",
        fieldPath = ".pluginConfiguration",
        message = "pluginConfiguration cannot be empty when the backup method is plugin")
@ValidationRule(value = BackupDeadlines.RULE, fieldPath = ".deadline", message = BackupDeadlines.MESSAGE)
public record BackupSpec(
        @Required @JsonPropertyDescription("The cluster to back up, in the same namespace.")
        LocalObjectReference cluster,

        @JsonPropertyDescription("The instance the backup runs on: 'primary', or 'prefer-standby' (the most "
                + "up-to-date ready standby, falling back to the primary). Overrides the cluster's "
                + ".spec.backup.target; empty means use the cluster's.")
        BackupTarget target,

        @Default("barmanObjectStore")
        @JsonPropertyDescription("The backup method: barmanObjectStore (default), volumeSnapshot or plugin.")
        BackupMethod method,

        @JsonPropertyDescription("The plugin configuration, required when the method is 'plugin'.")
        BackupPluginConfiguration pluginConfiguration,

        @JsonPropertyDescription("Whether the backup is hot (true) or cold (false). Only for the volumeSnapshot "
                + "method; overrides the cluster's .spec.backup.volumeSnapshot.online.")
        Boolean online,

        @JsonPropertyDescription("How a hot volume snapshot backup is taken. Only for the volumeSnapshot method; "
                + "replaces the cluster's .spec.backup.volumeSnapshot.onlineConfiguration as a whole.")
        OnlineConfiguration onlineConfiguration,

        @Size(max = BackupDeadlines.MAX_LENGTH)
        @JsonPropertyDescription("Cairn extension: how long the backup may take from its creation, waiting "
                + "included, before it is failed (DeadlineExceeded) and its running job cancelled; hours, minutes "
                + "and seconds, e.g. '90m' or '1h30m'. Overrides the cluster's .spec.backup.deadline; unset means "
                + "the cluster's, and no deadline when that is unset too.")
        String deadline) {

    /** A Backup without Cairn's extensions (the CloudNativePG fields only). */
    public BackupSpec(
            LocalObjectReference cluster,
            BackupTarget target,
            BackupMethod method,
            BackupPluginConfiguration pluginConfiguration,
            Boolean online,
            OnlineConfiguration onlineConfiguration) {
        this(cluster, target, method, pluginConfiguration, online, onlineConfiguration, null);
    }

    /** The method; unset, the schema's default (a Backup read before the default applied may lack it). */
    public BackupMethod methodOrDefault() {
        return method != null ? method : BackupMethod.DEFAULT;
    }
}
