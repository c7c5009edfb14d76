package io.cairn.cli.kubectl;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupMethod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code kubectl cairn backup CLUSTER}: creates a Backup as {@code kubectl cnpg backup} does. */
final class BackupCommand implements Subcommand {

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public String arguments() {
        return "CLUSTER [flags]";
    }

    @Override
    public String summary() {
        return "Request an on-demand backup of a Cluster";
    }

    @Override
    public String description() {
        return """
                Creates a Backup of CLUSTER named CLUSTER-YYYYMMDDhhmmss (the time now, in UTC), as CloudNativePG's
                `kubectl cnpg backup` does. Fields no flag sets are left out, so the Cluster's settings apply
                (.spec.backup.target, .spec.backup.volumeSnapshot.online and onlineConfiguration).
                """;
    }

    @Override
    public List<Option> options() {
        return Subcommand.withCommonOptions(BackupRequest.OPTIONS);
    }

    @Override
    public int run(Arguments args, Instant now, PrintStream out, PrintStream err) {
        BackupRequest request = BackupRequest.from(args, now);
        try (ApiAccess api = ApiAccess.connect(args)) {
            Backup backup = request.manifest(api.namespace());
            if (request.dryRun()) {
                out.print(api.client().getKubernetesSerialization().asYaml(backup));
                return 0;
            }
            api.cluster(request.clusterName());
            try {
                api.client().resource(backup).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                    throw new CommandFailure("a Backup named \"" + request.backupName() + "\" already exists in "
                            + "namespace \"" + api.namespace() + "\"; choose another with --backup-name");
                }
                throw new CommandFailure(
                        "the API server refused the Backup " + request.backupName() + ": " + ApiAccess.reason(e));
            }
            out.print(created(request, api.namespace()));
            return 0;
        }
    }

    /** {@code backup/NAME created} as CloudNativePG prints it, then the fields the Backup sets. */
    static String created(BackupRequest request, String namespace) {
        List<String> lines = new ArrayList<>(List.of(
                "Namespace",
                namespace,
                "Cluster",
                request.clusterName(),
                "Method",
                request.method() == null
                        ? BackupMethod.DEFAULT.value() + " (default)"
                        : request.method().value(),
                "Target",
                request.target() == null ? "the Cluster's" : request.target().value()));
        if (request.online() != null) {
            lines.addAll(List.of("Online", request.online().toString()));
        }
        if (request.immediateCheckpoint() != null) {
            lines.addAll(List.of(
                    "Immediate checkpoint", request.immediateCheckpoint().toString()));
        }
        if (request.waitForArchive() != null) {
            lines.addAll(List.of("Wait for archive", request.waitForArchive().toString()));
        }
        if (request.pluginName() != null) {
            lines.addAll(List.of(
                    "Plugin",
                    request.pluginName()
                            + (request.pluginParameters().isEmpty() ? "" : " " + request.pluginParameters())));
        }
        return "backup/" + request.backupName() + " created\n"
                + Table.keyValues(lines.toArray(String[]::new)).indent(2);
    }
}
