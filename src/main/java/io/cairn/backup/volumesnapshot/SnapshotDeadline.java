package io.cairn.backup.volumesnapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.backup.BackupDeadline;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The deadline of a snapshot error (CloudNativePG): the first failure is kept in the Backup's
 * {@code status.pluginMetadata["cnpg_volumesnapshot"]} as {@code {"volumeSnapshotFirstFailure": <unix seconds>}},
 * so an operator restart does not move it. Pure.
 */
final class SnapshotDeadline {

    static final String KEY = "cnpg_volumesnapshot";
    static final String FIRST_FAILURE = "volumeSnapshotFirstFailure";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SnapshotDeadline() {}

    static Optional<Instant> firstFailure(Map<String, String> pluginMetadata) {
        String value = pluginMetadata == null ? null : pluginMetadata.get(KEY);
        if (value == null) {
            return Optional.empty();
        }
        try {
            JsonNode seconds = JSON.readTree(value).path(FIRST_FAILURE);
            return seconds.canConvertToLong() ? Optional.of(Instant.ofEpochSecond(seconds.asLong())) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static Map<String, String> withFirstFailure(Map<String, String> pluginMetadata, Instant first) {
        Map<String, String> metadata = new HashMap<>(pluginMetadata == null ? Map.of() : pluginMetadata);
        metadata.put(KEY, "{\"" + FIRST_FAILURE + "\":" + first.getEpochSecond() + "}");
        return Map.copyOf(metadata);
    }

    /** CloudNativePG: exceeded when more than the deadline has passed since {@code since} (as every backup deadline). */
    static boolean exceeded(Instant since, Duration deadline, Instant now) {
        return BackupDeadline.passed(since, deadline, now);
    }
}
