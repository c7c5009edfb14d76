package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** CloudNativePG's InstanceReportedState: what an instance reported in the last reconciliation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstanceReportedState(
        @Required @JsonPropertyDescription("indicates if an instance is the primary one")
        Boolean isPrimary,

        @JsonPropertyDescription("indicates on which TimelineId the instance is")
        Integer timeLineID,

        @JsonPropertyDescription("IP address of the instance")
        String ip) {}
