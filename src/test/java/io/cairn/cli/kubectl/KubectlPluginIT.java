package io.cairn.cli.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.BackupTarget;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.OnlineConfiguration;
import io.cairn.api.v1.ScheduledBackup;
import io.cairn.scheduling.CronSchedule;
import io.cairn.testing.Command;
import io.cairn.testing.SharedControlPlane;
import io.cairn.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl cairn} as a user runs it: the real kubectl finds {@code kubectl-cairn} on the PATH (the launcher of
 * plugins/, beside a cairn/ tree laid out as in the operator image: manager.c's launcher, a JRE and
 * target/quarkus-app) and runs it against the local runtime's API server. No operator runs here: the statuses the
 * plugin shows are written by the test through the status subresource; Backups carry
 * {@code cnpg.io/reconciliationLoop: disabled} and schedules are suspended or agree with the operator, so an
 * operator of another test class in this JVM would change nothing the assertions read.
 */
class KubectlPluginIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final DateTimeFormatter COMPACT_UTC =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

    @TempDir
    static Path pluginHome;

    private static KubernetesClient client;
    private static TestNamespace namespace;
    private static Path bin;

    @BeforeAll
    static void installThePlugin() throws IOException, InterruptedException {
        client = SharedControlPlane.newClient();
        namespace = TestNamespace.create(client, "kubectl-plugin");
        bin = pluginHome.resolve("bin");
        Path tree = Files.createDirectories(bin.resolve("cairn"));
        Files.copy(Path.of("plugins/kubectl-cairn"), bin.resolve("kubectl-cairn"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createSymbolicLink(tree.resolve("jre"), Path.of(System.getProperty("java.home")));
        Files.createSymbolicLink(
                tree.resolve("app"), Path.of("target/quarkus-app").toAbsolutePath());
        Command.run(
                        TIMEOUT,
                        List.of(
                                "gcc",
                                "-Os",
                                "-Wall",
                                "-Werror",
                                "-o",
                                tree.resolve("manager").toString(),
                                "src/main/image/manager.c"))
                .succeeded();
    }

    @AfterAll
    static void cleanUp() {
        namespace.close();
        client.close();
    }

    @Test
    void kubectlFindsThePlugin() {
        assertThat(kubectl("plugin", "list").succeeded())
                .contains(bin.resolve("kubectl-cairn").toString());
        assertThat(kubectl("cairn", "--help").succeeded()).contains("backup", "schedule preview", "status");
    }

    @Test
    void backupCreatesABackupWithCloudNativePgsNameAndTheSpecTheFlagsAskFor() {
        create(cluster("pg-flags", ""));
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        String output = kubectl(
                        "cairn",
                        "backup",
                        "pg-flags",
                        "-n",
                        namespace.name(),
                        "--method",
                        "volumeSnapshot",
                        "--online",
                        "false",
                        "--immediate-checkpoint",
                        "--target",
                        "primary")
                .succeeded();

        Matcher created =
                Pattern.compile("^backup/(pg-flags-(\\d{14})) created\n").matcher(output);
        assertThat(created.find()).as(output).isTrue();
        assertThat(Instant.from(COMPACT_UTC.parse(created.group(2)))).isBetween(before, Instant.now());
        Backup backup = client.resources(Backup.class)
                .inNamespace(namespace.name())
                .withName(created.group(1))
                .get();
        assertThat(backup.getMetadata().getLabels()).containsEntry("cnpg.io/cluster", "pg-flags");
        assertThat(backup.getSpec().cluster().name()).isEqualTo("pg-flags");
        assertThat(backup.getSpec().method()).isEqualTo(BackupMethod.VOLUME_SNAPSHOT);
        assertThat(backup.getSpec().target()).isEqualTo(BackupTarget.PRIMARY);
        assertThat(backup.getSpec().online()).isFalse();
        assertThat(backup.getSpec().onlineConfiguration())
                .as("immediateCheckpoint from the flag, waitForArchive the schema's default")
                .isEqualTo(new OnlineConfiguration(true, true));
        assertThat(output)
                .containsPattern("\n  Namespace: +" + namespace.name() + "\n")
                .containsPattern("\n  Method: +volumeSnapshot\n")
                .containsPattern("\n  Immediate checkpoint: +true\n");
    }

    @Test
    void backupRefusesAMissingClusterATakenNameAndABadFlagWithAMessage() {
        create(cluster("pg-errors", ""));
        Command missing = kubectl("cairn", "backup", "nope", "-n", namespace.name());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr())
                .isEqualTo("error: cluster \"nope\" not found in namespace \"" + namespace.name() + "\"\n");

        kubectl("cairn", "backup", "pg-errors", "-n", namespace.name(), "--backup-name", "taken")
                .succeeded();
        Command taken = kubectl("cairn", "backup", "pg-errors", "-n", namespace.name(), "--backup-name", "taken");
        assertThat(taken.exitCode()).isEqualTo(1);
        assertThat(taken.stderr())
                .isEqualTo("error: a Backup named \"taken\" already exists in namespace \"" + namespace.name()
                        + "\"; choose another with --backup-name\n");

        Command badFlag = kubectl("cairn", "backup", "pg-errors", "-n", namespace.name(), "--target", "standby");
        assertThat(badFlag.exitCode()).isEqualTo(2);
        assertThat(badFlag.stderr())
                .startsWith("error: invalid value \"standby\" for --target: one of primary, " + "prefer-standby\n");

        Command refused = kubectl("cairn", "backup", "pg-errors", "-n", namespace.name(), "--online", "false");
        assertThat(refused.exitCode()).as("the API server's CEL rule").isEqualTo(1);
        assertThat(refused.stderr())
                .contains("Online parameter can be specified only if the backup method is " + "volumeSnapshot");
    }

    @Test
    void schedulePreviewPrintsTheActivationsCronScheduleComputesForAScheduledBackup() {
        create(scheduledBackup(
                "hourly-paris",
                "{cluster: {name: pg}, schedule: '0 30 * * *', timeZone: Europe/Paris, suspend: true}"));
        // Across the spring-forward night of Europe/Paris.
        Instant from = Instant.parse("2026-03-28T23:00:00Z");

        Command preview = kubectl(
                "cairn",
                "schedule",
                "preview",
                "hourly-paris",
                "-n",
                namespace.name(),
                "--count",
                "4",
                "--from",
                from.toString());

        assertThat(preview.exitCode()).as(preview.stderr()).isZero();
        List<String> expected = new ArrayList<>();
        ZonedDateTime t = from.atZone(ZoneId.of("Europe/Paris"));
        for (int i = 1; i <= 4; i++) {
            t = CronSchedule.parse("0 30 * * *").next(t);
            expected.add(i + "   " + t.toInstant() + "   " + LOCAL.format(t));
        }
        assertThat(preview.stdout())
                .contains(
                        "Schedule:   0 30 * * *\nTime zone:  Europe/Paris\n",
                        "Source:     ScheduledBackup " + namespace.name() + "/hourly-paris (suspended")
                .contains(expected);
        assertThat(preview.stderr())
                .startsWith("Warning: schedule '0 30 * * *' has five fields, which are read "
                        + "as 'second minute hour day-of-month month'");

        Command missing = kubectl("cairn", "schedule", "preview", "nightly", "-n", namespace.name());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).startsWith("error: ScheduledBackup \"nightly\" not found in namespace");
    }

    @Test
    void statusPrintsWhatTheClusterBackupsAndScheduledBackupsSay() throws IOException {
        create(cluster(
                "pg-status",
                "  backup: {barmanObjectStore: {destinationPath: 's3://backups/', "
                        + "s3Credentials: {inheritFromIAMRole: true}}}\n"));
        patchStatus(Cluster.class, "pg-status", """
                {"status": {"firstRecoverabilityPoint": "2026-12-01T00:00:05Z",
                  "lastSuccessfulBackup": "2026-12-07T00:00:40Z", "lastFailedBackup": "2026-12-06T00:00:09Z",
                  "conditions": [{"type": "ContinuousArchiving", "status": "False",
                    "reason": "ContinuousArchivingFailing", "lastTransitionTime": "2026-12-07T10:00:00Z",
                    "message": "Archiving 00000001000000000000000B failed: connection refused"}]}}""");
        create(backup("pg-status-20261206000000", "pg-status"));
        patchStatus(Backup.class, "pg-status-20261206000000", """
                {"status": {"phase": "failed", "method": "barmanObjectStore", "startedAt": "2026-12-06T00:00:02Z",
                  "stoppedAt": "2026-12-06T00:00:09Z", "error": "barman-cloud-backup exited with 1",
                  "instanceID": {"podName": "pg-status-2"}}}""");
        create(backup("pg-status-20261207000000", "pg-status"));
        patchStatus(Backup.class, "pg-status-20261207000000", """
                {"status": {"phase": "completed", "method": "barmanObjectStore", "startedAt": "2026-12-07T00:00:01Z",
                  "stoppedAt": "2026-12-07T00:00:40Z", "instanceID": {"podName": "pg-status-1"}}}""");
        create(backup("someone-elses", "other"));
        create(scheduledBackup("weekly-suspended", "{cluster: {name: pg-status}, schedule: '@weekly', suspend: true}"));
        // The operator would write the same nextScheduleTime: the first second of next year.
        Instant newYear = CronSchedule.parse("0 0 0 1 1 *")
                .next(ZonedDateTime.now(ZoneId.of("UTC")))
                .toInstant();
        create(scheduledBackup("yearly", "{cluster: {name: pg-status}, schedule: '0 0 0 1 1 *'}"));
        patchStatus(ScheduledBackup.class, "yearly", "{\"status\": {\"nextScheduleTime\": \"" + newYear + "\"}}");
        Path kubeconfig = kubeconfigWithNamespace(namespace.name());

        Command status = kubectl(Map.of("KUBECONFIG", kubeconfig.toString()), "cairn", "status", "pg-status");

        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.stdout())
                .contains(
                        "Cluster:  " + namespace.name() + "/pg-status\n",
                        "First recoverability point:  2026-12-01T00:00:05Z (",
                        "Window:                      2026-12-01T00:00:05Z to now (",
                        "Last successful backup:      2026-12-07T00:00:40Z (",
                        "Last failed backup:          2026-12-06T00:00:09Z (",
                        "Working WAL archiving:  FAILING (ContinuousArchiving=False, ContinuousArchivingFailing)\n",
                        "Message:                Archiving 00000001000000000000000B failed: connection refused\n",
                        "pg-status-20261207000000   barmanObjectStore   completed   2026-12-07T00:00:01Z   "
                                + "2026-12-07T00:00:40Z   pg-status-1\n",
                        "pg-status-20261206000000   barmanObjectStore   failed      2026-12-06T00:00:02Z   "
                                + "2026-12-06T00:00:09Z   pg-status-2   barman-cloud-backup exited with 1\n",
                        "weekly-suspended   @weekly       UTC         suspended",
                        "yearly             0 0 0 1 1 *   UTC         " + newYear + " (in ")
                .doesNotContain("someone-elses");

        Command missing = kubectl("cairn", "status", "nope", "--kubeconfig", kubeconfig.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr())
                .isEqualTo("error: cluster \"nope\" not found in namespace \"" + namespace.name() + "\"\n");
    }

    private static String cluster(String name, String backup) {
        return """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: %s}
                spec:
                  instances: 1
                  storage: {size: 1Gi}
                %s""".formatted(name, backup);
    }

    private static String backup(String name, String cluster) {
        return """
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: %s, annotations: {cnpg.io/reconciliationLoop: disabled}}
                spec: {cluster: {name: %s}}
                """.formatted(name, cluster);
    }

    private static String scheduledBackup(String name, String spec) {
        return """
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: %s}
                spec: %s
                """.formatted(name, spec);
    }

    private static void create(String yaml) {
        HasMetadata resource = Serialization.unmarshal(yaml);
        client.resource(resource).inNamespace(namespace.name()).create();
    }

    private static <T extends HasMetadata> void patchStatus(Class<T> type, String name, String json) {
        client.resources(type)
                .inNamespace(namespace.name())
                .withName(name)
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    /** A copy of the runtime's kubeconfig whose current context has the namespace, set by kubectl itself. */
    private static Path kubeconfigWithNamespace(String name) throws IOException {
        Path copy = pluginHome.resolve("kubeconfig-" + name);
        Files.copy(SharedControlPlane.get().kubeconfig(), copy, StandardCopyOption.REPLACE_EXISTING);
        kubectl(Map.of("KUBECONFIG", copy.toString()), "config", "set-context", "--current", "--namespace", name)
                .succeeded();
        return copy;
    }

    private static Command kubectl(String... args) {
        return kubectl(
                Map.of("KUBECONFIG", SharedControlPlane.get().kubeconfig().toString()), args);
    }

    /** The real kubectl with the plugin's directory first on the PATH. */
    private static Command kubectl(Map<String, String> environment, String... args) {
        Map<String, String> withPath = new HashMap<>(environment);
        withPath.put("PATH", bin + ":" + System.getenv("PATH"));
        Command command = Command.run(
                TIMEOUT,
                Stream.concat(Stream.of(SharedControlPlane.kubectl().toString()), Stream.of(args))
                        .toList(),
                withPath);
        System.out.printf(
                "$ kubectl %s%n%s%s[exit %d]%n",
                String.join(" ", args), command.stdout(), command.stderr(), command.exitCode());
        return command;
    }
}
