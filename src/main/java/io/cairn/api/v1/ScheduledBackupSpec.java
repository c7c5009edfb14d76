package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** When to back up a cluster, and how the Backups it creates look. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = VolumeSnapshotOnlyRules.ONLINE,
        fieldPath = ".online",
        message = VolumeSnapshotOnlyRules.ONLINE_MESSAGE)
@ValidationRule(
        value = VolumeSnapshotOnlyRules.ONLINE_CONFIGURATION,
        fieldPath = ".onlineConfiguration",
        message = VolumeSnapshotOnlyRules.ONLINE_CONFIGURATION_MESSAGE)
public record ScheduledBackupSpec(
        @JsonPropertyDescription("If true, no new backup is scheduled. Backups already created are not affected.")
        Boolean suspend,

        @JsonPropertyDescription("If true, the first backup is taken immediately on creation.")
        Boolean immediate,

        @Required
        @JsonPropertyDescription("The schedule in robfig/cron v1 syntax with a leading seconds field: "
                + "'sec min hour day-of-month month [day-of-week]', e.g. '0 0 0 * * *' for every day at midnight, "
                + "or a descriptor such as '@daily' or '@every 1h'. A five-field crontab string is read with "
                + "seconds first, so '0 0 * * *' runs every hour, not every day.")
        String schedule,

        @Required
        @ValidationRule(value = "self == oldSelf", message = "cluster reference is immutable after creation")
        @JsonPropertyDescription("The cluster to back up, in the same namespace. Immutable.")
        LocalObjectReference cluster,

        @Default("none")
        @JsonPropertyDescription("The owner of the Backups created: 'none' (default), 'self' (this "
                + "ScheduledBackup) or 'cluster'. Owned Backups are deleted with their owner.")
        BackupOwnerReference backupOwnerReference,

        @JsonPropertyDescription("The instance the backups run on: 'primary' or 'prefer-standby'. Empty means the "
                + "cluster's .spec.backup.target.")
        BackupTarget target,

        @Default("barmanObjectStore")
        @JsonPropertyDescription("The backup method: barmanObjectStore (default), volumeSnapshot or plugin.")
        BackupMethod method,

        @JsonPropertyDescription("The plugin configuration, for the 'plugin' method.")
        BackupPluginConfiguration pluginConfiguration,

        @JsonPropertyDescription("Whether backups are hot (true) or cold (false). Only for the volumeSnapshot method.")
        Boolean online,

        @JsonPropertyDescription("How hot volume snapshot backups are taken. Only for the volumeSnapshot method.")
        OnlineConfiguration onlineConfiguration,

        @JsonPropertyDescription("Cairn extension: the IANA time zone the schedule is evaluated in, e.g. "
                + "'Europe/Paris'. Default: UTC. Backup names always use the slot's UTC time.")
        String timeZone,

        @Size(min = 2, max = 16)
        @Pattern(SPREAD_WINDOW_PATTERN)
        @ValidationRule(value = SPREAD_WINDOW_RULE, message = SPREAD_WINDOW_MESSAGE)
        @JsonPropertyDescription("Cairn extension: spread the backups over this window after each slot, e.g. '30m' "
                + "or '1h30m' (hours, minutes, seconds; from 1s to 24h). Each backup starts at its slot plus an "
                + "offset derived from this ScheduledBackup's UID: the same offset at every slot, different for "
                + "each ScheduledBackup, never reaching the next slot. Backup names keep the slot's time. "
                + "Default: no spread.")
        String spreadWindow,

        @JsonPropertyDescription("Cairn extension: what to do with slots that passed unserved (operator down, "
                + "suspended, a backup still running): 'once' (default, as CloudNativePG) takes one catch-up "
                + "backup for them; 'none' skips them and waits for the next slot.")
        CatchUpPolicy catchUp) {

    /** Hours, minutes and seconds, each optional, in this order: a Go duration without fractions or days. */
    public static final String SPREAD_WINDOW_PATTERN = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";

    static final String SPREAD_WINDOW_RULE = "duration(self) >= duration('1s') && duration(self) <= duration('24h')";
    static final String SPREAD_WINDOW_MESSAGE = "spreadWindow must be from 1s to 24h, e.g. '30m' or '1h30m'";

    // Declared so that the field-level @ValidationRules are emitted once, not once per field and accessor.
    @Override
    public LocalObjectReference cluster() {
        return cluster;
    }

    @Override
    public String spreadWindow() {
        return spreadWindow;
    }
}
