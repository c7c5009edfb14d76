package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The instance a backup was started on, recorded before the instance is asked to start it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstanceID(
        @JsonPropertyDescription("The pod the backup runs on.")
        String podName,

        @JsonProperty("ContainerID") @JsonPropertyDescription("The ID of the PostgreSQL container the backup runs in.")
        String containerID,

        @JsonPropertyDescription("The instance manager session; it changes whenever the instance manager restarts.")
        String sessionID) {}
