package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The observed state of a Cluster: its instances, its backups and its WAL archiving. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Status fields written by CloudNativePG itself are ignored.
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterStatus(
        @JsonPropertyDescription("The generation of the spec this status describes.")
        Long observedGeneration,

        @StatusReplicas @JsonPropertyDescription("The number of instances (pods).")
        Integer instances,

        @JsonPropertyDescription("The number of ready instances.")
        Integer readyInstances,

        @JsonPropertyDescription("The instances by status (healthy, failed, ...).")
        Map<String, List<String>> instancesStatus,

        @JsonPropertyDescription("The names of the instances.")
        List<String> instanceNames,

        @JsonPropertyDescription("The instance that is primary now.")
        String currentPrimary,

        @JsonPropertyDescription("The instance that should be primary.")
        String targetPrimary,

        @JsonPropertyDescription("The current timeline.") Integer timelineID,

        @JsonPropertyDescription("The cluster's phase, e.g. 'Cluster in healthy state'.")
        String phase,

        @JsonPropertyDescription("Why the cluster is in its phase.")
        String phaseReason,

        @JsonPropertyDescription("The image the instances run.")
        String image,

        @LabelSelector @JsonPropertyDescription("The label selector of the instance pods, for the scale subresource.")
        String selector,

        @JsonPropertyDescription("The Service of the primary.")
        String writeService,

        @JsonPropertyDescription("The Service of any instance.")
        String readService,

        @JsonPropertyDescription("The earliest point in time the cluster can be recovered to (RFC 3339). "
                + "Deprecated by CloudNativePG; see firstRecoverabilityPointByMethod.")
        String firstRecoverabilityPoint,

        @JsonPropertyDescription("The earliest recoverable point in time, by backup method.")
        Map<String, Instant> firstRecoverabilityPointByMethod,

        @JsonPropertyDescription("When the last successful backup completed (RFC 3339). Deprecated by "
                + "CloudNativePG; see lastSuccessfulBackupByMethod.")
        String lastSuccessfulBackup,

        @JsonPropertyDescription("When the last successful backup completed, by backup method.")
        Map<String, Instant> lastSuccessfulBackupByMethod,

        @JsonPropertyDescription("When the last backup failed (RFC 3339).")
        String lastFailedBackup,

        @JsonPropertyDescription("Conditions: Ready, ContinuousArchiving, LastBackupSucceeded, and "
                + "UnsupportedFields for CloudNativePG fields Cairn does not implement.")
        List<Condition> conditions,

        @JsonPropertyDescription("The reported state of the instances during the last reconciliation loop")
        Map<String, InstanceReportedState> instancesReportedState,

        @JsonPropertyDescription("Cairn: each instance's role and WAL positions (current on the primary, received "
                + "and replayed on standbys) from its last report, by instance name.")
        List<InstanceLsns> instanceLsns,

        @JsonPropertyDescription(
                "The plugins the cluster enables that the operator registered: their versions and " + "capabilities.")
        List<PluginStatus> pluginStatus) {

    /** A status with no fields set. */
    public static final ClusterStatus EMPTY = new ClusterStatus(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null);

    /** This status with {@code pluginStatus} (null or empty: none) and, when not null, this phase and reason. */
    public ClusterStatus withPlugins(List<PluginStatus> plugins, String newPhase, String newPhaseReason) {
        return new ClusterStatus(
                observedGeneration,
                instances,
                readyInstances,
                instancesStatus,
                instanceNames,
                currentPrimary,
                targetPrimary,
                timelineID,
                newPhase == null ? phase : newPhase,
                newPhase == null ? phaseReason : newPhaseReason,
                image,
                selector,
                writeService,
                readService,
                firstRecoverabilityPoint,
                firstRecoverabilityPointByMethod,
                lastSuccessfulBackup,
                lastSuccessfulBackupByMethod,
                lastFailedBackup,
                conditions,
                instancesReportedState,
                instanceLsns,
                plugins == null || plugins.isEmpty() ? null : List.copyOf(plugins));
    }

    /** A status without the per-instance reports (the fields before {@code instancesReportedState}). */
    public ClusterStatus(
            Long observedGeneration,
            Integer instances,
            Integer readyInstances,
            Map<String, List<String>> instancesStatus,
            List<String> instanceNames,
            String currentPrimary,
            String targetPrimary,
            Integer timelineID,
            String phase,
            String phaseReason,
            String image,
            String selector,
            String writeService,
            String readService,
            String firstRecoverabilityPoint,
            Map<String, Instant> firstRecoverabilityPointByMethod,
            String lastSuccessfulBackup,
            Map<String, Instant> lastSuccessfulBackupByMethod,
            String lastFailedBackup,
            List<Condition> conditions) {
        this(
                observedGeneration,
                instances,
                readyInstances,
                instancesStatus,
                instanceNames,
                currentPrimary,
                targetPrimary,
                timelineID,
                phase,
                phaseReason,
                image,
                selector,
                writeService,
                readService,
                firstRecoverabilityPoint,
                firstRecoverabilityPointByMethod,
                lastSuccessfulBackup,
                lastSuccessfulBackupByMethod,
                lastFailedBackup,
                conditions,
                null,
                null,
                null);
    }
}
