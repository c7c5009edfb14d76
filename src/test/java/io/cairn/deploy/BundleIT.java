package io.cairn.deploy;

import static io.cairn.testing.YamlTree.documents;
import static io.cairn.testing.YamlTree.list;
import static io.cairn.testing.YamlTree.map;
import static io.cairn.testing.YamlTree.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cairn.testing.CachedTool;
import io.cairn.testing.CnpgReference;
import io.cairn.testing.Command;
import io.cairn.testing.Helm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OLM bundle as local/bundle.sh writes it into target/bundle/, read by operator-framework's own validators
 * (local/bundle-validate: operator-sdk's {@code bundle validate --select-optional suite=operatorframework} checks)
 * and held against the Helm chart it is rendered from: the same RBAC rules, the same Deployment, the CRDs the build
 * generates. Needs no local runtime: helm and bundle-validate come from local/kube-binaries.sh's cache.
 */
class BundleIT {

    private static final Path BUNDLE = Path.of("target", "bundle");
    private static final Path MANIFESTS = BUNDLE.resolve("manifests");
    private static final Path CSV = MANIFESTS.resolve("cairn.clusterserviceversion.yaml");
    private static final Path OLM_SOURCES = Path.of("src", "main", "olm");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String TARGET_NAMESPACES = "metadata.annotations['olm.targetNamespaces']";

    @BeforeAll
    static void writeTheBundle() {
        Command.run(
                        TIMEOUT,
                        List.of("local/bundle.sh"),
                        Map.of(
                                "HELM",
                                CachedTool.path("helm").toString(),
                                "CAIRN_CNPG_REFERENCE",
                                CnpgReference.root().toString()))
                .succeeded();
    }

    @Test
    void operatorFrameworksValidatorsFindNothingNotEvenAWarning() {
        Command result = validate(BUNDLE);
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("All validation tests have completed successfully");
        assertThat(Command.run(
                                TIMEOUT,
                                List.of(CachedTool.path("bundle-validate").toString(), "--list"))
                        .succeeded())
                .contains(
                        "optional: operatorhubv2",
                        "optional: standardcapabilities",
                        "optional: standardcategories",
                        "optional: good-practices",
                        "optional: alpha-deprecated-apis");
    }

    @Test
    void theValidatorsRefuseABundleWhoseCsvForgetsACrdItShips() throws IOException {
        Path broken = Path.of("target", "bundle-broken");
        copy(BUNDLE, broken);
        Map<String, Object> csv = read(CSV);
        List<Map<String, Object>> owned =
                list(map(map(csv.get("spec")).get("customresourcedefinitions")).get("owned"));
        owned.removeIf(crd -> "ScheduledBackup".equals(crd.get("kind")));
        YAML.writeValue(broken.resolve("manifests").resolve(CSV.getFileName()).toFile(), csv);
        Command result = validate(broken);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout())
                .contains("Kind=ScheduledBackup: CRD \"postgresql.cnpg.io/v1, Kind=ScheduledBackup\""
                        + " is present in bundle");
    }

    @Test
    void itsRbacIsTheChartsRulesSplitAsOlmAppliesThem() {
        Map<String, Object> install = install();
        List<Map<String, Object>> clusterPermissions = rulesOf(install.get("clusterPermissions"));
        List<Map<String, Object>> permissions = rulesOf(install.get("permissions"));
        Map<String, Object> lease = Map.of(
                "apiGroups",
                List.of("coordination.k8s.io"),
                "resources",
                List.of("leases"),
                "verbs",
                List.of("get", "create", "update", "patch"));
        assertThat(permissions).contains(lease);
        List<Map<String, Object>> chart = rendered("templates/rbac.yaml");
        List<Map<String, Object>> plugins = rules(chart, "Role", "cairn-plugins");
        assertThat(permissions).containsAll(plugins);
        List<Map<String, Object>> watched = new ArrayList<>(permissions);
        watched.remove(lease);
        // the plugin rules come last (local/bundle.sh); one of them equals a watched-namespace rule
        plugins.forEach(rule -> watched.remove(watched.lastIndexOf(rule)));

        // Every namespace (the chart's default, OLM's AllNamespaces, where permissions become cluster-wide).
        assertThat(Set.copyOf(rules(chart, "ClusterRole", "cairn"))).isEqualTo(union(clusterPermissions, watched));
        assertThat(rules(chart, "Role", "cairn-leader-election")).containsExactly(lease);
        // Watched namespaces (OLM's OwnNamespace, SingleNamespace, MultiNamespace: one Role in each).
        List<Map<String, Object>> split = rendered("templates/rbac.yaml", "--set", "watchNamespaces={a,b}");
        assertThat(rules(split, "ClusterRole", "cairn")).isEqualTo(clusterPermissions);
        assertThat(rules(split, "Role", "cairn")).isEqualTo(watched);
    }

    @Test
    void itsDeploymentIsTheChartsWatchingOlmsTargetNamespaces() {
        Map<String, Object> deployment = list(install().get("deployments")).get(0);
        Map<String, Object> chart = rendered("templates/deployment.yaml").get(0);
        assertThat(deployment.get("name")).isEqualTo(map(chart.get("metadata")).get("name"));
        Map<String, Object> spec = map(deployment.get("spec"));
        Map<String, Object> chartSpec = map(chart.get("spec"));
        assertThat(spec.get("replicas")).isEqualTo(chartSpec.get("replicas"));
        assertThat(spec.get("selector")).isEqualTo(chartSpec.get("selector"));
        Map<String, Object> pod = map(map(spec.get("template")).get("spec"));
        Map<String, Object> chartPod = map(map(chartSpec.get("template")).get("spec"));
        Map<String, Object> container = list(pod.get("containers")).get(0);
        Map<String, Object> chartContainer = list(chartPod.get("containers")).get(0);

        List<Map<String, Object>> env = new ArrayList<>(list(container.get("env")));
        List<Map<String, Object>> olm = env.stream()
                .filter(e -> ((String) e.get("name")).startsWith("QUARKUS_OPERATOR_SDK_CONTROLLERS_"))
                .toList();
        assertThat(olm)
                .extracting(e -> e.get("name"))
                .containsExactly(
                        "QUARKUS_OPERATOR_SDK_CONTROLLERS_CLUSTER_NAMESPACES",
                        "QUARKUS_OPERATOR_SDK_CONTROLLERS_BACKUP_NAMESPACES",
                        "QUARKUS_OPERATOR_SDK_CONTROLLERS_SCHEDULEDBACKUP_NAMESPACES");
        assertThat(olm)
                .allSatisfy(e -> assertThat(e.get("valueFrom"))
                        .isEqualTo(Map.of("fieldRef", Map.of("fieldPath", TARGET_NAMESPACES))));
        env.removeAll(olm);
        assertThat(env).isEqualTo(chartContainer.get("env"));

        Map<String, Object> rest = new LinkedHashMap<>(container);
        Map<String, Object> chartRest = new LinkedHashMap<>(chartContainer);
        rest.remove("env");
        chartRest.remove("env");
        assertThat(rest).isEqualTo(chartRest);
        assertThat(rest)
                .containsKeys(
                        "image", "startupProbe", "livenessProbe", "readinessProbe", "resources", "securityContext");
        Map<String, Object> podRest = new LinkedHashMap<>(pod);
        Map<String, Object> chartPodRest = new LinkedHashMap<>(chartPod);
        podRest.remove("containers");
        chartPodRest.remove("containers");
        assertThat(podRest).isEqualTo(chartPodRest);
        assertThat(map(map(read(CSV).get("metadata")).get("annotations")).get("containerImage"))
                .isEqualTo(container.get("image"));
    }

    @Test
    void itShipsTheGeneratedCrdsAndOwnsEachWithDescriptorsOfRealFields() throws IOException {
        List<Map<String, Object>> owned = list(
                map(map(read(CSV).get("spec")).get("customresourcedefinitions")).get("owned"));
        assertThat(owned).extracting(o -> o.get("kind")).containsExactly("Cluster", "Backup", "ScheduledBackup");
        for (Map<String, Object> crd : owned) {
            String name = (String) crd.get("name");
            Path shipped = MANIFESTS.resolve(name + ".crd.yaml");
            Map<String, Object> generated = read(Path.of("target", "kubernetes", name + "-v1.yml"));
            assertThat(read(shipped)).as(name).isEqualTo(generated);
            assertThat(crd).containsKeys("displayName", "description");
            Map<String, Object> schema = map(
                    map(list(map(generated.get("spec")).get("versions")).get(0).get("schema"))
                            .get("openAPIV3Schema"));
            for (String part : List.of("spec", "status")) {
                List<Map<String, Object>> descriptors = list(crd.get(part + "Descriptors"));
                assertThat(descriptors).as("%s %sDescriptors", name, part).isNotEmpty();
                for (Map<String, Object> descriptor : descriptors) {
                    String path = (String) descriptor.get("path");
                    assertThat(field(map(map(schema.get("properties")).get(part)), path))
                            .as("%s .%s.%s in the CRD", name, part, path)
                            .isTrue();
                    assertThat(descriptor).containsKeys("displayName", "description", "x-descriptors");
                }
            }
        }
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".crd.yaml")))
                    .hasSize(owned.size());
        }
    }

    @Test
    void itsExamplesAreCloudNativePgsSamples() throws IOException {
        String json =
                (String) map(map(read(CSV).get("metadata")).get("annotations")).get("alm-examples");
        List<Map<String, Object>> examples = list(new ObjectMapper().readValue(json, List.class));
        List<Map<String, Object>> samples = new ArrayList<>();
        for (String line : Files.readAllLines(OLM_SOURCES.resolve("alm-examples.txt"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(read(CnpgReference.root().resolve("samples").resolve(line.strip())));
            }
        }
        assertThat(examples).isEqualTo(samples);
        assertThat(examples).extracting(e -> e.get("kind")).containsExactly("Cluster", "Backup", "ScheduledBackup");
    }

    @Test
    void itsMetadataDescribesTheOperatorAndEveryInstallModeItSupports() throws IOException {
        Map<String, Object> csv = read(CSV);
        Map<String, Object> spec = map(csv.get("spec"));
        String version = System.getProperty("cairn.project.version").toLowerCase(Locale.ROOT);
        assertThat(map(csv.get("metadata")).get("name")).isEqualTo("cairn.v" + version);
        assertThat(spec.get("version")).isEqualTo(version);
        assertThat(spec)
                .containsEntry("maturity", "alpha")
                .containsEntry("minKubeVersion", "1.29.0")
                .containsKeys("displayName", "description", "keywords", "maintainers", "links", "provider");
        Map<?, ?> chart = YAML.readValue(Helm.CHART.resolve("Chart.yaml").toFile(), Map.class);
        assertThat(chart.get("kubeVersion")).isEqualTo(">=" + spec.get("minKubeVersion") + "-0");
        assertThat(list(spec.get("installModes")))
                .extracting(m -> m.get("type") + "=" + m.get("supported"))
                .containsExactlyInAnyOrder(
                        "OwnNamespace=true", "SingleNamespace=true", "MultiNamespace=true", "AllNamespaces=true");
        Map<String, Object> icon = list(spec.get("icon")).get(0);
        assertThat(icon.get("mediatype")).isEqualTo("image/svg+xml");
        assertThat(new String(Base64.getDecoder().decode((String) icon.get("base64data")), StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(OLM_SOURCES.resolve("icon.svg")));

        Map<String, Object> annotations =
                map(read(BUNDLE.resolve("metadata").resolve("annotations.yaml")).get("annotations"));
        assertThat(annotations)
                .containsEntry("operators.operatorframework.io.bundle.mediatype.v1", "registry+v1")
                .containsEntry("operators.operatorframework.io.bundle.manifests.v1", "manifests/")
                .containsEntry("operators.operatorframework.io.bundle.metadata.v1", "metadata/")
                .containsEntry("operators.operatorframework.io.bundle.package.v1", "cairn")
                .containsEntry("operators.operatorframework.io.bundle.channels.v1", "alpha")
                .containsEntry("operators.operatorframework.io.bundle.channel.default.v1", "alpha");
        String dockerfile = Files.readString(BUNDLE.resolve("bundle.Dockerfile"));
        annotations.forEach((key, value) -> assertThat(dockerfile).contains("LABEL " + key + "=" + value + "\n"));
        assertThat(dockerfile).contains("FROM scratch", "COPY manifests /manifests/", "COPY metadata /metadata/");
    }

    private static Command validate(Path bundle) {
        return Command.run(
                TIMEOUT,
                List.of(CachedTool.path("bundle-validate").toString(), "--k8s-version", "1.29", bundle.toString()));
    }

    private static Map<String, Object> install() {
        return map(map(map(read(CSV).get("spec")).get("install")).get("spec"));
    }

    private static List<Map<String, Object>> rulesOf(Object permissions) {
        List<Map<String, Object>> all = list(permissions);
        assertThat(all).hasSize(1);
        assertThat(all.get(0).get("serviceAccountName")).isEqualTo("cairn");
        return list(all.get(0).get("rules"));
    }

    private static List<Map<String, Object>> rendered(String template, String... values) {
        List<String> args = new ArrayList<>(List.of("--set", "crds.create=false", "--show-only", template));
        args.addAll(List.of(values));
        return documents(Helm.template("cairn", "cnpg-system", args.toArray(String[]::new))
                .succeeded());
    }

    private static List<Map<String, Object>> rules(List<Map<String, Object>> rbac, String kind, String name) {
        return rbac.stream()
                .filter(d -> kind.equals(d.get("kind"))
                        && name.equals(map(d.get("metadata")).get("name")))
                .findFirst()
                .map(d -> list(d.get("rules")))
                .orElseThrow(() -> new AssertionError("the chart renders no " + kind + " " + name));
    }

    private static Set<Map<String, Object>> union(List<Map<String, Object>> a, List<Map<String, Object>> b) {
        Set<Map<String, Object>> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Whether the dotted path names a property of the object schema. */
    private static boolean field(Map<String, Object> schema, String path) {
        Map<String, Object> at = schema;
        for (String part : path.split("\\.")) {
            Object properties = at.get("properties");
            if (!(properties instanceof Map<?, ?> p) || !p.containsKey(part)) {
                return false;
            }
            at = map(p.get(part));
        }
        return true;
    }

    private static void copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> old = Files.walk(to)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
