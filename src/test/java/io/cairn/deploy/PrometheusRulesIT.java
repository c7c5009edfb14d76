package io.cairn.deploy;

import static io.cairn.testing.YamlTree.documents;
import static io.cairn.testing.YamlTree.list;
import static io.cairn.testing.YamlTree.map;
import static io.cairn.testing.YamlTree.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cairn.testing.AlertTestSeries;
import io.cairn.testing.CachedTool;
import io.cairn.testing.Command;
import io.cairn.testing.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Cairn's alerts (helm/cairn/files/prometheus-rules.yaml) read by the real promtool: the rules load, and the unit
 * tests of src/test/resources/prometheus/alerts-test.yaml, written from the series Cairn exports, make each alert
 * fire and not fire. The chart renders the same groups as a PrometheusRule. Needs no local runtime: promtool and
 * helm come from local/kube-binaries.sh's cache.
 */
class PrometheusRulesIT {

    private static final Path RULES = Helm.CHART.resolve("files").resolve("prometheus-rules.yaml");
    private static final Path UNIT_TESTS = AlertTestSeries.FILE;
    private static final Path RUNBOOK = Path.of("docs", "monitoring.md");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void promtoolLoadsEveryRule() {
        assertThat(promtool("check", "rules", RULES.toString()).succeeded())
                .contains("SUCCESS: " + alerts(read(RULES)).size() + " rules found");
    }

    @Test
    void promtoolUnitTestsPass() {
        assertThat(promtool("test", "rules", UNIT_TESTS.toString()).succeeded()).contains("SUCCESS");
    }

    @Test
    void theUnitTestsSeriesAreTheInstancesAsExportedAndCoverEveryMetricTheRulesRead() throws IOException {
        // The instance's exposition as InstanceMetricsTest renders it from the code; the operator's cairn_* are
        // held against their Micrometer meters by BackupMetricsTest and ScheduledBackupMetricsTest.
        String instance =
                Files.readString(Path.of("src", "test", "resources", "golden", "instance", "metrics-primary.txt"));
        assertThat(AlertTestSeries.assertExported(
                        instance,
                        Pattern.compile("cnpg_.*|cairn_instance_.*"),
                        Set.of("namespace", "pod", "job", "instance")))
                .isEqualTo(5);
        Set<String> inputs = AlertTestSeries.used(Pattern.compile(".*")).keySet();
        String expressions = String.join(
                "\n",
                alerts(read(RULES)).stream().map(a -> (String) a.get("expr")).toList());
        Matcher metric =
                Pattern.compile("\\b(?:cairn|cnpg)_[a-z_]+\\b|\\bup\\b").matcher(expressions);
        while (metric.find()) {
            assertThat(inputs)
                    .as("an input series of %s in %s", metric.group(), UNIT_TESTS)
                    .contains(metric.group());
        }
    }

    @Test
    void everyAlertIsTestedFiringAndNotFiring() {
        List<Map<String, Object>> cases = new ArrayList<>();
        for (Map<String, Object> test : list(read(UNIT_TESTS).get("tests"))) {
            cases.addAll(list(test.get("alert_rule_test")));
        }
        for (Map<String, Object> alert : alerts(read(RULES))) {
            List<Map<String, Object>> its = cases.stream()
                    .filter(c -> alert.get("alert").equals(c.get("alertname")))
                    .toList();
            assertThat(its)
                    .as("%s: a case where it fires", alert.get("alert"))
                    .anyMatch(c -> !list(c.get("exp_alerts")).isEmpty());
            assertThat(its)
                    .as("%s: a case where it must not fire", alert.get("alert"))
                    .anyMatch(c -> list(c.get("exp_alerts")).isEmpty());
        }
    }

    @Test
    void everyAlertHasASeveritySummaryDescriptionAndARunbookSection() throws IOException {
        String runbook = Files.readString(RUNBOOK);
        for (Map<String, Object> alert : alerts(read(RULES))) {
            String name = (String) alert.get("alert");
            assertThat(map(alert.get("labels"))).as(name).containsKey("severity");
            assertThat(map(alert.get("annotations")))
                    .as(name)
                    .containsKeys("summary", "description")
                    .containsEntry(
                            "runbook_url",
                            "https://github.com/cairn-io/cairn/blob/main/docs/monitoring.md#"
                                    + name.toLowerCase(Locale.ROOT));
            assertThat(runbook).as("a section for %s in %s", name, RUNBOOK).contains("\n### " + name + "\n");
        }
    }

    @Test
    void theChartRendersThePlainFileAsAPrometheusRule() {
        Map<String, Object> rule = renderedRule("--set", "monitoring.prometheusRule.labels.release=prometheus");
        assertThat(rule)
                .containsEntry("apiVersion", "monitoring.coreos.com/v1")
                .containsEntry("kind", "PrometheusRule");
        assertThat(map(map(rule.get("metadata")).get("labels"))).containsEntry("release", "prometheus");
        assertThat(map(rule.get("spec")).get("groups")).isEqualTo(read(RULES).get("groups"));
    }

    @Test
    void theChartsValuesChangeTheirAlertsOnlyAndPromtoolLoadsTheResult() throws IOException {
        Map<String, Object> rule = renderedRule(
                "--set",
                "monitoring.prometheusRule.backupMaxAgeHours=50",
                "--set",
                "monitoring.prometheusRule.backupStuckFor=12h",
                "--set",
                "monitoring.prometheusRule.operatorJob=platform/cairn-operator");
        Map<String, Object> groups = Map.of("groups", map(rule.get("spec")).get("groups"));
        List<Map<String, Object>> rendered = alerts(groups);
        List<Map<String, Object>> plain = alerts(read(RULES));
        assertThat(rendered).hasSameSizeAs(plain);
        Set<String> changed = Set.of("CairnNoRecentBackup", "CairnBackupStuck", "CairnOperatorDown");
        for (int i = 0; i < plain.size(); i++) {
            Map<String, Object> expected = new LinkedHashMap<>(plain.get(i));
            String name = (String) expected.get("alert");
            switch (name) {
                case "CairnNoRecentBackup" ->
                    expected.put("expr", ((String) expected.get("expr")).replace("> 26 * 3600", "> 50 * 3600"));
                case "CairnBackupStuck" -> expected.put("for", "12h");
                case "CairnOperatorDown" ->
                    expected.put(
                            "expr",
                            ((String) expected.get("expr"))
                                    .replace("job=\"cairn\"", "job=\"platform/cairn-operator\""));
                default -> {}
            }
            assertThat(expected.equals(plain.get(i)))
                    .as("%s is changed by a value", name)
                    .isEqualTo(!changed.contains(name));
            assertThat(rendered.get(i)).as(name).isEqualTo(expected);
        }
        Path file = Files.createDirectories(Path.of("target", "prometheus")).resolve("rendered-rules.yaml");
        YAML.writeValue(file.toFile(), groups);
        assertThat(promtool("check", "rules", file.toString()).succeeded()).contains("SUCCESS");
    }

    @Test
    void theOperatorJobIsThePodMonitorsWhenOnlyThatOneScrapesIt() {
        Map<String, Object> rule = renderedRule("--set", "monitoring.podMonitor.enabled=true");
        Map<String, Object> down = alerts(Map.of("groups", map(rule.get("spec")).get("groups"))).stream()
                .filter(a -> "CairnOperatorDown".equals(a.get("alert")))
                .findFirst()
                .orElseThrow();
        assertThat((String) down.get("expr"))
                .contains("up{job=\"cnpg-system/cairn\"}")
                .doesNotContain("job=\"cairn\"");
    }

    private static Map<String, Object> renderedRule(String... values) {
        List<String> args = new ArrayList<>(List.of(
                "--set",
                "crds.create=false",
                "--set",
                "monitoring.prometheusRule.enabled=true",
                "--show-only",
                "templates/monitoring.yaml"));
        args.addAll(List.of(values));
        String rendered = Helm.template("cairn", "cnpg-system", args.toArray(String[]::new))
                .succeeded();
        return documents(rendered).stream()
                .filter(d -> "PrometheusRule".equals(d.get("kind")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no PrometheusRule in " + rendered));
    }

    private static Command promtool(String... args) {
        List<String> command = new ArrayList<>(
                List.of(CachedTool.path("promtool", "PROMETHEUS").toString()));
        command.addAll(List.of(args));
        return Command.run(TIMEOUT, command);
    }

    private static List<Map<String, Object>> alerts(Map<String, Object> file) {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, Object> group : list(file.get("groups"))) {
            alerts.addAll(list(group.get("rules")));
        }
        return alerts;
    }
}
