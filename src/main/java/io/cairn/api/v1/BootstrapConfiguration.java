package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.ValidationRule;

/** How a new cluster gets its data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "[has(self.initdb), has(self.recovery), has(self.pg_basebackup)].filter(x, x).size() <= 1",
        message = "Only one bootstrap method can be specified at a time")
public record BootstrapConfiguration(
        @PreserveUnknownFields @JsonPropertyDescription("Create an empty cluster with initdb (the default).")
        BootstrapInitDB initdb,

        @JsonPropertyDescription("Recover a backup.") BootstrapRecovery recovery,

        @JsonProperty("pg_basebackup")
        @JsonPropertyDescription("Clone a running cluster. Accepted for compatibility; not implemented by Cairn.")
        BootstrapPgBaseBackup pgBaseBackup) {}
