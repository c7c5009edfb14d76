package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Credentials for Google Cloud Storage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GoogleCredentials(
        @JsonPropertyDescription("The Secret key holding the JSON service account credentials.")
        SecretKeySelector applicationCredentials,

        @JsonPropertyDescription("Use the GKE workload identity instead of a credentials file.")
        Boolean gkeEnvironment) {}
