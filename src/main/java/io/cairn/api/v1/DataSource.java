package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** The VolumeSnapshots (or PVCs) a cluster is recovered from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "([self.storage] + (has(self.walStorage) ? [self.walStorage] : []) + (has(self.tablespaceStorage) "
                + "? self.tablespaceStorage.map(k, self.tablespaceStorage[k]) : [])).all(s, "
                + "(s.kind == 'VolumeSnapshot' && has(s.apiGroup) && s.apiGroup == 'snapshot.storage.k8s.io') || "
                + "(s.kind == 'PersistentVolumeClaim' && (!has(s.apiGroup) || s.apiGroup == '')))",
        message = "Only VolumeSnapshots and PersistentVolumeClaims are supported")
public record DataSource(
        @Required @JsonPropertyDescription("The source of the data volume.") TypedLocalObjectReference storage,
        @JsonPropertyDescription("The source of the WAL volume.") TypedLocalObjectReference walStorage,
        @JsonPropertyDescription("The source of each tablespace volume.")
        Map<String, TypedLocalObjectReference> tablespaceStorage) {
}
