package io.cairn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Golden;
import io.cairn.testing.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Helm chart as shipped, read by the real helm (no cluster needed): it lints, renders what the golden files hold, carries the CRDs
 * the build generates, and its schema refuses bad values with a message. (HelmInstallIT installs it.)
 */
class HelmChartIT {

    private static final Path GENERATED_CRDS = Path.of("target", "kubernetes");
    private static final Path CHART_CRDS = Helm.CHART.resolve("files").resolve("crds");

    @Test
    void lintsCleanWithTheDefaultValuesAndWithEveryOptionOn() {
        assertThat(Helm.lint().succeeded()).contains("0 chart(s) failed");
        assertThat(Helm.lint("--values", "src/test/resources/helm/every-option.yaml")
                        .succeeded())
                .contains("0 chart(s) failed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "default, ''",
        "every-option, src/test/resources/helm/every-option.yaml",
    })
    void rendersTheGoldenManifests(String name, String valuesFile) {
        List<String> args = new ArrayList<>(List.of("--set", "crds.create=false"));
        if (!valuesFile.isEmpty()) {
            args.addAll(List.of("--values", valuesFile));
        }
        String rendered = Helm.template("cairn", "cnpg-system", args.toArray(String[]::new))
                .succeeded();
        Golden.assertMatches("helm/" + name + ".yaml", rendered);
    }

    @Test
    void carriesExactlyTheCrdsTheBuildGenerates() throws IOException {
        List<String> generated = crdFiles(GENERATED_CRDS);
        assertThat(generated).isNotEmpty();
        assertThat(crdFiles(CHART_CRDS)).as("CRD files in %s", CHART_CRDS).isEqualTo(generated);
        for (String file : generated) {
            assertThat(Files.readString(CHART_CRDS.resolve(file)))
                    .as(
                            "%s differs from the generated CRD; after a change of io.cairn.api.v1 run: cp %s/*-v1.yml %s/",
                            CHART_CRDS.resolve(file), GENERATED_CRDS, CHART_CRDS)
                    .isEqualTo(Files.readString(GENERATED_CRDS.resolve(file)));
        }
    }

    @Test
    void rendersTheCrdsUnchangedAndKeepsThemOnUninstall() throws IOException {
        List<HasMetadata> rendered =
                Serialization.unmarshal(Helm.template("cairn", "cnpg-system", "--show-only", "templates/crds.yaml")
                        .succeeded());
        assertThat(rendered).hasSize(crdFiles(GENERATED_CRDS).size());
        for (HasMetadata resource : rendered) {
            CustomResourceDefinition crd = (CustomResourceDefinition) resource;
            CustomResourceDefinition generated = Serialization.unmarshal(
                    Files.readString(GENERATED_CRDS.resolve(crd.getMetadata().getName() + "-v1.yml")),
                    CustomResourceDefinition.class);
            assertThat(crd.getSpec()).isEqualTo(generated.getSpec());
            assertThat(crd.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        }
    }

    @Test
    void itsAppVersionIsTheProjectsVersionSoTheImageTagMatchesTheBuild() throws IOException {
        Map<?, ?> chart = Serialization.unmarshal(Files.readString(Helm.CHART.resolve("Chart.yaml")), Map.class);
        assertThat(chart.get("appVersion")).isEqualTo(System.getProperty("cairn.project.version"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(
            delimiter = '|',
            value = {
                "replicaCount=-1                          | at '/replicaCount': minimum",
                "imagee.tag=1                             | additional properties 'imagee' not allowed",
                "image.pullPolicy=Sometimes               | at '/image/pullPolicy'",
                "logLevel=LOUD                            | at '/logLevel'",
                "leaderElection.leaseDuration=15 seconds  | at '/leaderElection/leaseDuration'",
                "watchNamespaces={Not_A_Namespace}        | at '/watchNamespaces/0'",
                "monitoring.service.port=0                | at '/monitoring/service/port'",
                "config.lower-case=x                      | invalid propertyName 'lower-case'",
                "monitoring.prometheusRule.backupMaxAgeHours=0 | at '/monitoring/prometheusRule/backupMaxAgeHours': minimum",
                "monitoring.prometheusRule.backupStuckFor=6 hours | at '/monitoring/prometheusRule/backupStuckFor'",
            })
    void badValuesAreRefusedWithAMessage(String value, String message) {
        var result = Helm.template("cairn", "cnpg-system", "--set", value);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr())
                .contains("values don't meet the specifications")
                .contains(message);
    }

    @Test
    void aServiceAccountNameIsRequiredWhenTheChartDoesNotCreateOne() {
        var result = Helm.template("cairn", "cnpg-system", "--set", "serviceAccount.create=false");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("serviceAccount.name is required when serviceAccount.create is false");
    }

    private static List<String> crdFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".postgresql.cnpg.io-v1.yml"))
                    .sorted()
                    .toList();
        }
    }
}
