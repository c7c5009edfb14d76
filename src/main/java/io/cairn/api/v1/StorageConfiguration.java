package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;

/** The volume of each instance (data or WAL). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StorageConfiguration(
        @JsonPropertyDescription("The StorageClass of the PVCs. Default: the cluster's default StorageClass.")
        String storageClass,

        @JsonPropertyDescription("The size of each PVC, e.g. 1Gi. Required unless pvcTemplate sets it.")
        String size,

        @Default("true") @JsonPropertyDescription("Resize PVCs in use when the size grows. Default: true.")
        Boolean resizeInUseVolumes,

        @JsonPropertyDescription("A template for the PVCs; storageClass and size win over it.")
        PersistentVolumeClaimSpec pvcTemplate) {}
