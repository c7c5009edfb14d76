package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A Backup object to recover from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupSource(
        @Required @JsonPropertyDescription("The name of the Backup, in the same namespace.")
        String name,

        @JsonPropertyDescription("The Secret key holding the CA bundle of the object store endpoint.")
        SecretKeySelector endpointCA) {}
