package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A reference to a VolumeSnapshot or a PersistentVolumeClaim in the same namespace (a recovery's data source). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "(self.kind == 'VolumeSnapshot' && has(self.apiGroup) && self.apiGroup == 'snapshot.storage.k8s.io') "
                + "|| (self.kind == 'PersistentVolumeClaim' && (!has(self.apiGroup) || self.apiGroup == ''))",
        message = "Only VolumeSnapshots and PersistentVolumeClaims are supported")
public record TypedLocalObjectReference(
        @JsonPropertyDescription("The API group of the referent; empty for the core group.")
        String apiGroup,

        @Required @JsonPropertyDescription("The kind of the referent.")
        String kind,

        @Required @JsonPropertyDescription("The name of the referent.")
        String name) {}
