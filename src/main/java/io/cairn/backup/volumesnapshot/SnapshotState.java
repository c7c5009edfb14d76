package io.cairn.backup.volumesnapshot;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the backup steps read from a VolumeSnapshot.
 *
 * @param createdAt the object's creationTimestamp
 * @param boundContent {@code status.boundVolumeSnapshotContentName}, null until bound
 * @param creationTime {@code status.creationTime}: when the storage took the snapshot, null until then
 * @param error {@code status.error.message}, null without an error
 * @param owned whether it has an owner reference
 */
public record SnapshotState(
        String name,
        SnapshotRole role,
        Map<String, String> annotations,
        Instant createdAt,
        String boundContent,
        Instant creationTime,
        boolean readyToUse,
        String error,
        boolean owned) {

    /** Provisioned: bound to a content and taken by the storage (CloudNativePG's check before it ends the window). */
    public boolean provisioned() {
        return boundContent != null && creationTime != null;
    }

    public Optional<String> annotation(String key) {
        return Optional.ofNullable(annotations == null ? null : annotations.get(key));
    }

    public static SnapshotState of(GenericKubernetesResource snapshot) {
        Map<String, String> annotations =
                Optional.ofNullable(snapshot.getMetadata().getAnnotations()).orElse(Map.of());
        Object status = snapshot.getAdditionalProperties().get("status");
        Map<?, ?> fields = status instanceof Map<?, ?> map ? map : Map.of();
        Object error = fields.get("error");
        Object message = error instanceof Map<?, ?> errorFields ? errorFields.get("message") : null;
        return new SnapshotState(
                snapshot.getMetadata().getName(),
                SnapshotRole.of(annotations.get(SnapshotObjects.PVC_ROLE)).orElse(null),
                annotations,
                time(snapshot.getMetadata().getCreationTimestamp()),
                text(fields.get("boundVolumeSnapshotContentName")),
                time(text(fields.get("creationTime"))),
                Boolean.TRUE.equals(fields.get("readyToUse")),
                message == null ? null : message.toString(),
                snapshot.getMetadata().getOwnerReferences() != null
                        && !snapshot.getMetadata().getOwnerReferences().isEmpty());
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Instant time(String value) {
        return value == null || value.isEmpty() ? null : Instant.parse(value);
    }
}
