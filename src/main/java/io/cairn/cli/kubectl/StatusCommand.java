package io.cairn.cli.kubectl;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ScheduledBackup;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/** {@code kubectl cairn status CLUSTER}: the Cluster's backups as the API server knows them. */
final class StatusCommand implements Subcommand {

    static final int LATEST_BACKUPS = 5;

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String arguments() {
        return "CLUSTER [flags]";
    }

    @Override
    public String summary() {
        return "Show a Cluster's recoverability window, latest backups, WAL archiving and next scheduled runs";
    }

    @Override
    public String description() {
        return """
                Shows, from the Cluster's status, the window it can be recovered to (first recoverability point to
                now), its last successful and failed backups and its ContinuousArchiving condition; the %d newest
                Backups of the Cluster (method, phase, start and stop, the instance they ran on); and the next run
                of each of its ScheduledBackups (suspended ones are marked). It reads the API server only.
                """.formatted(LATEST_BACKUPS);
    }

    @Override
    public List<Option> options() {
        return Subcommand.withCommonOptions(List.of());
    }

    @Override
    public int run(Arguments args, Instant now, PrintStream out, PrintStream err) {
        String name = args.single("cluster name (kubectl cairn status CLUSTER)");
        try (ApiAccess api = ApiAccess.connect(args)) {
            Cluster cluster = api.cluster(name);
            List<Backup> backups = api.client()
                    .resources(Backup.class)
                    .inNamespace(api.namespace())
                    .list()
                    .getItems();
            List<ScheduledBackup> schedules = api.client()
                    .resources(ScheduledBackup.class)
                    .inNamespace(api.namespace())
                    .list()
                    .getItems();
            out.print(StatusReport.format(cluster, backups, schedules, now, LATEST_BACKUPS));
            return 0;
        }
    }
}
