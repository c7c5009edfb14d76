package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Bootstrap a cluster by recovering a backup, optionally to a point in time. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!has(self.backup) || !(has(self.source) || has(self.volumeSnapshots))",
        message = "Recovery from a Backup cannot be combined with source or volumeSnapshots")
@ValidationRule(
        value = "!has(self.volumeSnapshots) || !has(self.recoveryTarget) || !has(self.recoveryTarget.backupID)",
        message = "Cannot specify a backupID when recovering using a DataSource")
public record BootstrapRecovery(
        @JsonPropertyDescription("Recover from this Backup object.")
        BackupSource backup,

        @JsonPropertyDescription("Recover from the object store of this external cluster.")
        String source,

        @JsonPropertyDescription("Recover from these VolumeSnapshots.")
        DataSource volumeSnapshots,

        @JsonPropertyDescription("Where recovery stops. Default: the end of the available WAL.")
        RecoveryTarget recoveryTarget,

        @JsonPropertyDescription("The application database. Default: app.")
        String database,

        @JsonPropertyDescription("The owner of the application database. Default: the database name.")
        String owner,

        @JsonPropertyDescription("The Secret with the owner's credentials. Default: generated.")
        LocalObjectReference secret) {}
