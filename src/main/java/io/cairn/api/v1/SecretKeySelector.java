package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the same namespace (barman-cloud's selector: both parts required). */
public record SecretKeySelector(
        @Required @JsonPropertyDescription("Name of the referent.")
        String name,

        @Required @JsonPropertyDescription("The key to select.")
        String key) {}
