package io.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The input series of the alerts' promtool unit tests (src/test/resources/prometheus/alerts-test.yaml), held against
 * what Cairn's code really exports: each series' metric name must appear in an exposition, with the same label names
 * once the labels of the scrape (job, instance, ...) are set aside.
 */
public final class AlertTestSeries {

    public static final Path FILE = Path.of("src", "test", "resources", "prometheus", "alerts-test.yaml");
    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?(?:\\s.*)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    private AlertTestSeries() {}

    /** Metric name to the label-name sets of the test file's input series whose name matches {@code names}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Set<Set<String>>> used(Pattern names) {
        Map<String, Set<Set<String>>> used = new TreeMap<>();
        for (Map<?, ?> test : (List<Map<?, ?>>) read().get("tests")) {
            for (Map<?, ?> input : (List<Map<?, ?>>) test.get("input_series")) {
                add(used, (String) input.get("series"), names);
            }
        }
        return used;
    }

    /**
     * Fails unless every input series whose name matches {@code names} is in the Prometheus text {@code exposition}
     * with its labels less {@code scrapeLabels}; returns how many names were checked.
     */
    public static int assertExported(String exposition, Pattern names, Set<String> scrapeLabels) {
        Map<String, Set<Set<String>>> exported = new TreeMap<>();
        exposition.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> add(exported, l, names));
        Map<String, Set<Set<String>>> used = used(names);
        assertThat(used).as("input series matching %s in %s", names, FILE).isNotEmpty();
        used.forEach((name, labelSets) -> {
            assertThat(exported).as("%s, used in %s, is exported", name, FILE).containsKey(name);
            for (Set<String> labels : labelSets) {
                Set<String> own = new TreeSet<>(labels);
                own.removeAll(scrapeLabels);
                assertThat(exported.get(name))
                        .as("the labels of %s%s in %s, less the scrape's %s", name, labels, FILE, scrapeLabels)
                        .contains(own);
            }
        });
        return used.size();
    }

    private static void add(Map<String, Set<Set<String>>> into, String series, Pattern names) {
        Matcher m = SERIES.matcher(series.trim());
        if (!m.matches() || !names.matcher(m.group(1)).matches()) {
            return;
        }
        Set<String> labels = new TreeSet<>();
        if (m.group(2) != null) {
            Matcher label = LABEL.matcher(m.group(2));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        into.computeIfAbsent(m.group(1), n -> new HashSet<>()).add(labels);
    }

    private static Map<?, ?> read() {
        try {
            return new YAMLMapper().readValue(FILE.toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
