package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** The VolumeSnapshots (or PVCs) a cluster is recovered from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataSource(
        @Required @JsonPropertyDescription("The source of the data volume.")
        TypedLocalObjectReference storage,

        @JsonPropertyDescription("The source of the WAL volume.")
        TypedLocalObjectReference walStorage,

        @JsonPropertyDescription("The source of each tablespace volume.")
        Map<String, TypedLocalObjectReference> tablespaceStorage) {}
