package io.cairn.api.v1;

/** CEL rules shared by Backup and ScheduledBackup specs: the online options only make sense for volume snapshots. */
final class VolumeSnapshotOnlyRules {

    static final String ONLINE = "!has(self.online) || (has(self.method) && self.method == 'volumeSnapshot')";
    static final String ONLINE_MESSAGE =
            "Online parameter can be specified only if the backup method is volumeSnapshot";
    static final String ONLINE_CONFIGURATION =
            "!has(self.onlineConfiguration) || (has(self.method) && self.method == 'volumeSnapshot')";
    static final String ONLINE_CONFIGURATION_MESSAGE =
            "OnlineConfiguration parameter can be specified only if the backup method is volumeSnapshot";

    private VolumeSnapshotOnlyRules() {}
}
