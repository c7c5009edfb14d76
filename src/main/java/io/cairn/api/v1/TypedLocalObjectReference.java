package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A reference to an object of a given kind in the same namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TypedLocalObjectReference(
        @JsonPropertyDescription("The API group of the referent; empty for the core group.") String apiGroup,
        @Required @JsonPropertyDescription("The kind of the referent.") String kind,
        @Required @JsonPropertyDescription("The name of the referent.") String name) {
}
