package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret, Kubernetes' core selector (the Secret may be optional). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OptionalSecretKeySelector(
        @Default("") @JsonPropertyDescription("Name of the Secret.")
        String name,

        @Required @JsonPropertyDescription("The key of the Secret to select.")
        String key,

        @JsonPropertyDescription("Whether the Secret or its key must exist.")
        Boolean optional) {}
