package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A reference to an object by name in the same namespace. */
public record LocalObjectReference(
        @Required @JsonPropertyDescription("Name of the referent.")
        String name) {}
