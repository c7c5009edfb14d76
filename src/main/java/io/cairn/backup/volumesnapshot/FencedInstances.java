package io.cairn.backup.volumesnapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * CloudNativePG's {@code cnpg.io/fencedInstances} annotation on a Cluster: a JSON list of instance names
 * ({@code ["*"]} fences them all). Pure.
 */
public record FencedInstances(List<String> names) {

    public static final String ANNOTATION = "cnpg.io/fencedInstances";
    private static final ObjectMapper JSON = new ObjectMapper();

    public FencedInstances {
        names = List.copyOf(names);
    }

    /** The annotation's value; missing or empty: none fenced. Unreadable: an {@link IllegalArgumentException}. */
    public static FencedInstances parse(String annotation) {
        if (annotation == null || annotation.isBlank()) {
            return new FencedInstances(List.of());
        }
        try {
            return new FencedInstances(JSON.readValue(annotation, new TypeReference<List<String>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "the " + ANNOTATION + " annotation is not a JSON list of names: " + annotation);
        }
    }

    public boolean fences(String instance) {
        return names.contains(instance) || names.contains("*");
    }

    /** Whether instances other than {@code instance} are fenced. */
    public boolean fencesOtherThan(String instance) {
        return names.stream().anyMatch(name -> !name.equals(instance));
    }

    public FencedInstances with(String instance) {
        if (names.contains(instance)) {
            return this;
        }
        List<String> more = new ArrayList<>(names);
        more.add(instance);
        return new FencedInstances(more);
    }

    public FencedInstances without(String instance) {
        return new FencedInstances(
                names.stream().filter(name -> !name.equals(instance)).toList());
    }

    /** The annotation's value, null (no annotation) when none is fenced. */
    public String annotation() {
        if (names.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
