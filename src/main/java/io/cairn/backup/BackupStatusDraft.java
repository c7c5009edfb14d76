package io.cairn.backup;

import io.cairn.api.v1.AzureCredentials;
import io.cairn.api.v1.BackupAttempts;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.GoogleCredentials;
import io.cairn.api.v1.InstanceID;
import io.cairn.api.v1.S3Credentials;
import io.cairn.api.v1.SecretKeySelector;
import io.cairn.api.v1.SnapshotBackupStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A {@link BackupStatus} being edited: starts from a status (or empty), changes some fields, builds a new record.
 * The status record has 33 components; this keeps the steps that change three of them readable.
 */
public final class BackupStatusDraft {

    private Long observedGeneration;
    private S3Credentials s3Credentials;
    private AzureCredentials azureCredentials;
    private GoogleCredentials googleCredentials;
    private Integer majorVersion;
    private SecretKeySelector endpointCA;
    private String endpointURL;
    private String destinationPath;
    private String serverName;
    private String encryption;
    private String backupId;
    private String backupName;
    private BackupPhase phase;
    private Instant startedAt;
    private Instant stoppedAt;
    private Instant reconciliationStartedAt;
    private Instant reconciliationTerminatedAt;
    private String beginWal;
    private String endWal;
    private String beginLSN;
    private String endLSN;
    private String error;
    private String commandOutput;
    private String commandError;
    private String backupLabelFile;
    private String tablespaceMapFile;
    private InstanceID instanceID;
    private SnapshotBackupStatus snapshotBackupStatus;
    private BackupMethod method;
    private Boolean online;
    private Map<String, String> pluginMetadata;
    private List<Condition> conditions;
    private BackupAttempts attempts;

    private BackupStatusDraft() {}

    public static BackupStatusDraft from(BackupStatus status) {
        BackupStatus s = status == null ? BackupStatus.EMPTY : status;
        BackupStatusDraft d = new BackupStatusDraft();
        d.observedGeneration = s.observedGeneration();
        d.s3Credentials = s.s3Credentials();
        d.azureCredentials = s.azureCredentials();
        d.googleCredentials = s.googleCredentials();
        d.majorVersion = s.majorVersion();
        d.endpointCA = s.endpointCA();
        d.endpointURL = s.endpointURL();
        d.destinationPath = s.destinationPath();
        d.serverName = s.serverName();
        d.encryption = s.encryption();
        d.backupId = s.backupId();
        d.backupName = s.backupName();
        d.phase = s.phase();
        d.startedAt = s.startedAt();
        d.stoppedAt = s.stoppedAt();
        d.reconciliationStartedAt = s.reconciliationStartedAt();
        d.reconciliationTerminatedAt = s.reconciliationTerminatedAt();
        d.beginWal = s.beginWal();
        d.endWal = s.endWal();
        d.beginLSN = s.beginLSN();
        d.endLSN = s.endLSN();
        d.error = s.error();
        d.commandOutput = s.commandOutput();
        d.commandError = s.commandError();
        d.backupLabelFile = s.backupLabelFile();
        d.tablespaceMapFile = s.tablespaceMapFile();
        d.instanceID = s.instanceID();
        d.snapshotBackupStatus = s.snapshotBackupStatus();
        d.method = s.method();
        d.online = s.online();
        d.pluginMetadata = s.pluginMetadata();
        d.conditions = s.conditions();
        d.attempts = s.attempts();
        return d;
    }

    public BackupStatusDraft observedGeneration(Long value) {
        this.observedGeneration = value;
        return this;
    }

    public BackupStatusDraft s3Credentials(S3Credentials value) {
        this.s3Credentials = value;
        return this;
    }

    public BackupStatusDraft azureCredentials(AzureCredentials value) {
        this.azureCredentials = value;
        return this;
    }

    public BackupStatusDraft googleCredentials(GoogleCredentials value) {
        this.googleCredentials = value;
        return this;
    }

    public BackupStatusDraft majorVersion(Integer value) {
        this.majorVersion = value;
        return this;
    }

    public BackupStatusDraft endpointCA(SecretKeySelector value) {
        this.endpointCA = value;
        return this;
    }

    public BackupStatusDraft endpointURL(String value) {
        this.endpointURL = value;
        return this;
    }

    public BackupStatusDraft destinationPath(String value) {
        this.destinationPath = value;
        return this;
    }

    public BackupStatusDraft serverName(String value) {
        this.serverName = value;
        return this;
    }

    public BackupStatusDraft encryption(String value) {
        this.encryption = value;
        return this;
    }

    public BackupStatusDraft backupId(String value) {
        this.backupId = value;
        return this;
    }

    public BackupStatusDraft backupName(String value) {
        this.backupName = value;
        return this;
    }

    public BackupStatusDraft phase(BackupPhase value) {
        this.phase = value;
        return this;
    }

    public BackupStatusDraft startedAt(Instant value) {
        this.startedAt = value;
        return this;
    }

    public BackupStatusDraft stoppedAt(Instant value) {
        this.stoppedAt = value;
        return this;
    }

    public BackupStatusDraft reconciliationStartedAt(Instant value) {
        this.reconciliationStartedAt = value;
        return this;
    }

    public BackupStatusDraft reconciliationTerminatedAt(Instant value) {
        this.reconciliationTerminatedAt = value;
        return this;
    }

    public BackupStatusDraft beginWal(String value) {
        this.beginWal = value;
        return this;
    }

    public BackupStatusDraft endWal(String value) {
        this.endWal = value;
        return this;
    }

    public BackupStatusDraft beginLSN(String value) {
        this.beginLSN = value;
        return this;
    }

    public BackupStatusDraft endLSN(String value) {
        this.endLSN = value;
        return this;
    }

    public BackupStatusDraft error(String value) {
        this.error = value;
        return this;
    }

    public BackupStatusDraft commandOutput(String value) {
        this.commandOutput = value;
        return this;
    }

    public BackupStatusDraft commandError(String value) {
        this.commandError = value;
        return this;
    }

    public BackupStatusDraft backupLabelFile(String value) {
        this.backupLabelFile = value;
        return this;
    }

    public BackupStatusDraft tablespaceMapFile(String value) {
        this.tablespaceMapFile = value;
        return this;
    }

    public BackupStatusDraft instanceID(InstanceID value) {
        this.instanceID = value;
        return this;
    }

    public BackupStatusDraft snapshotBackupStatus(SnapshotBackupStatus value) {
        this.snapshotBackupStatus = value;
        return this;
    }

    public BackupStatusDraft method(BackupMethod value) {
        this.method = value;
        return this;
    }

    public BackupStatusDraft online(Boolean value) {
        this.online = value;
        return this;
    }

    public BackupStatusDraft pluginMetadata(Map<String, String> value) {
        this.pluginMetadata = value;
        return this;
    }

    public BackupStatusDraft attempts(BackupAttempts value) {
        this.attempts = value;
        return this;
    }

    public BackupStatusDraft conditions(List<Condition> value) {
        this.conditions = value;
        return this;
    }

    public BackupStatus build() {
        return new BackupStatus(
                observedGeneration,
                s3Credentials,
                azureCredentials,
                googleCredentials,
                majorVersion,
                endpointCA,
                endpointURL,
                destinationPath,
                serverName,
                encryption,
                backupId,
                backupName,
                phase,
                startedAt,
                stoppedAt,
                reconciliationStartedAt,
                reconciliationTerminatedAt,
                beginWal,
                endWal,
                beginLSN,
                endLSN,
                error,
                commandOutput,
                commandError,
                backupLabelFile,
                tablespaceMapFile,
                instanceID,
                snapshotBackupStatus,
                method,
                online,
                pluginMetadata,
                conditions,
                attempts);
    }
}
