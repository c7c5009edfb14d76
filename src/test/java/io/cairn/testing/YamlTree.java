package io.cairn.testing;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** YAML read as plain maps and lists, for the tests that hold shipped files (chart, rules, bundle) against each other. */
public final class YamlTree {

    private static final YAMLMapper YAML = new YAMLMapper();

    private YamlTree() {}

    public static Map<String, Object> read(Path file) {
        try {
            return map(YAML.readValue(file.toFile(), Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a multi-document stream (e.g. what helm template prints), empty ones left out. */
    public static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (var parser = YAML.createParser(yaml)) {
            YAML.readValues(parser, Map.class).forEachRemaining(d -> {
                if (d != null) {
                    documents.add(map(d));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** A list of objects; an absent one is empty. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}
