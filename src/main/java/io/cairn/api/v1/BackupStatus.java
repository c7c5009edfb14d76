package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What happened to a backup, as CloudNativePG reports it, plus {@code observedGeneration}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupStatus(
        @JsonPropertyDescription("The generation of the spec this status describes.")
        Long observedGeneration,

        @JsonPropertyDescription("Copy of the object store's S3 credentials references at backup time.")
        S3Credentials s3Credentials,

        @JsonPropertyDescription("Copy of the object store's Azure credentials references at backup time.")
        AzureCredentials azureCredentials,

        @JsonPropertyDescription("Copy of the object store's Google credentials references at backup time.")
        GoogleCredentials googleCredentials,

        @JsonPropertyDescription("The PostgreSQL major version of the cluster when the backup started.")
        Integer majorVersion,

        @JsonPropertyDescription("The CA bundle of the object store endpoint.")
        SecretKeySelector endpointCA,

        @JsonPropertyDescription("The object store endpoint URL.")
        String endpointURL,

        @JsonPropertyDescription("The object store path the backup was written to, e.g. s3://bucket/path.")
        String destinationPath,

        @JsonPropertyDescription("The barman server name (the folder under destinationPath).")
        String serverName,

        @JsonPropertyDescription("The server-side encryption used for the data.")
        String encryption,

        @JsonPropertyDescription("The backup ID in the catalogue (barman's, the plugin's, or the Backup name for "
                + "volume snapshots).")
        String backupId,

        @JsonPropertyDescription("The backup name given to the tool (barman's --name).")
        String backupName,

        @JsonPropertyDescription(
                "The phase: pending, started, running, finalizing, completed, failed, " + "walArchivingFailing.")
        @SchemaFrom(type = String.class)
        BackupPhase phase,

        @JsonPropertyDescription("When the backup tool started.")
        Instant startedAt,

        @JsonPropertyDescription("When the backup tool stopped.")
        Instant stoppedAt,

        @JsonPropertyDescription("When the operator started the backup.")
        Instant reconciliationStartedAt,

        @JsonPropertyDescription("When the backup reached a terminal phase.")
        Instant reconciliationTerminatedAt,

        @JsonPropertyDescription("The first WAL file needed by the backup.")
        String beginWal,

        @JsonPropertyDescription("The last WAL file needed by the backup.")
        String endWal,

        @JsonPropertyDescription("The LSN where the backup starts.")
        String beginLSN,

        @JsonPropertyDescription("The LSN where the backup ends.")
        String endLSN,

        @JsonPropertyDescription("Why the backup failed.") String error,

        @JsonPropertyDescription("Unused; kept for compatibility.")
        String commandOutput,

        @JsonPropertyDescription("The backup command's output when it failed.")
        String commandError,

        @JsonPropertyDescription("The backup_label file returned by pg_backup_stop (base64).")
        String backupLabelFile,

        @JsonPropertyDescription("The tablespace_map file returned by pg_backup_stop (base64).")
        String tablespaceMapFile,

        @JsonPropertyDescription("The instance the backup was started on.")
        InstanceID instanceID,

        @JsonPropertyDescription("The VolumeSnapshots of a volume snapshot backup.")
        SnapshotBackupStatus snapshotBackupStatus,

        @JsonPropertyDescription("The method used (copy of spec.method).") @SchemaFrom(type = String.class)
        BackupMethod method,

        @JsonPropertyDescription("Whether the backup was taken hot (true) or cold (false).")
        Boolean online,

        @JsonPropertyDescription("Metadata returned by the plugin (or the volume snapshot method).")
        Map<String, String> pluginMetadata,

        @JsonPropertyDescription("Cairn extension: Ready (False while the backup waits or after it failed, with the "
                + "reason and a message saying what it waits for or why it failed).")
        List<Condition> conditions,

        @JsonPropertyDescription("Cairn extension: the attempts of this backup (transient failures are retried "
                + "with back-off): how many were started and why the last one failed.")
        BackupAttempts attempts) {

    /** A status with no fields set. */
    public static final BackupStatus EMPTY = new BackupStatus(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
}
