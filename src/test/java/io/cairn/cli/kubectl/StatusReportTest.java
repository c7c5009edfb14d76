package io.cairn.cli.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ScheduledBackup;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusReportTest {

    private static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");

    private static final Cluster CLUSTER = Serialization.unmarshal("""
            apiVersion: postgresql.cnpg.io/v1
            kind: Cluster
            metadata: {name: pg-main, namespace: demo}
            spec:
              instances: 3
              backup: {barmanObjectStore: {destinationPath: "s3://backups/"}}
            status:
              phase: Cluster in healthy state
              instances: 3
              readyInstances: 3
              firstRecoverabilityPoint: "2026-12-01T00:00:05Z"
              firstRecoverabilityPointByMethod: {barmanObjectStore: "2026-12-01T00:00:05Z"}
              lastSuccessfulBackup: "2026-12-07T00:00:40Z"
              lastSuccessfulBackupByMethod: {barmanObjectStore: "2026-12-07T00:00:40Z"}
              lastFailedBackup: "2026-12-06T00:00:09Z"
              conditions:
              - type: ContinuousArchiving
                status: "True"
                reason: ContinuousArchivingSuccess
                message: Continuous archiving is working; last archived WAL 00000001000000000000000A
                lastTransitionTime: "2026-12-07T14:55:00Z"
            """, Cluster.class);

    private static Backup backup(String name, String created, String cluster, String status) {
        return Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: %s, namespace: demo, creationTimestamp: "%s"}
                spec: {cluster: {name: %s}, method: barmanObjectStore}
                status: %s
                """.formatted(name, created, cluster, status), Backup.class);
    }

    private static ScheduledBackup schedule(String name, String spec, String status) {
        return Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: %s, namespace: demo}
                spec: %s
                status: %s
                """.formatted(name, spec, status), ScheduledBackup.class);
    }

    @Test
    void showsTheWindowTheNewestBackupsArchivingAndTheNextRuns() {
        List<Backup> backups = List.of(
                backup("pg-main-20261206000000", "2026-12-06T00:00:00Z", "pg-main", """
                        {phase: failed, method: barmanObjectStore, startedAt: "2026-12-06T00:00:02Z",
                         stoppedAt: "2026-12-06T00:00:09Z", error: "barman-cloud-backup exited with 1",
                         instanceID: {podName: pg-main-2}}"""),
                backup("pg-main-20261207000000", "2026-12-07T00:00:00Z", "pg-main", """
                        {phase: completed, method: barmanObjectStore, startedAt: "2026-12-07T00:00:01Z",
                         stoppedAt: "2026-12-07T00:00:40Z", instanceID: {podName: pg-main-2}}"""),
                backup("other-20261207000000", "2026-12-07T00:00:00Z", "other", "{phase: completed}"),
                backup("pg-main-on-demand", "2026-12-07T14:59:00Z", "pg-main", "{}"));
        List<ScheduledBackup> schedules = List.of(
                schedule(
                        "nightly",
                        "{cluster: {name: pg-main}, schedule: '0 0 0 * * *'}",
                        "{nextScheduleTime: '2026-12-08T00:00:00Z', lastScheduleTime: '2026-12-07T00:00:00Z'}"),
                schedule(
                        "paris",
                        "{cluster: {name: pg-main}, schedule: '0 0 2 * * *', timeZone: Europe/Paris, "
                                + "suspend: true}",
                        "{nextScheduleTime: '2026-12-08T01:00:00Z'}"),
                schedule("other", "{cluster: {name: other}, schedule: '@hourly'}", "{}"));

        assertThat(StatusReport.format(CLUSTER, backups, schedules, NOW, 5)).isEqualTo("""
                Cluster:  demo/pg-main
                Phase:    Cluster in healthy state (3/3 instances ready)

                Recoverability window
                First recoverability point:  2026-12-01T00:00:05Z (6d14h ago)
                Window:                      2026-12-01T00:00:05Z to now (6d14h)
                Last successful backup:      2026-12-07T00:00:40Z (14h ago)
                Last failed backup:          2026-12-06T00:00:09Z (38h ago)
                METHOD              FIRST RECOVERABILITY POINT         LAST SUCCESSFUL BACKUP
                barmanObjectStore   2026-12-01T00:00:05Z (6d14h ago)   2026-12-07T00:00:40Z (14h ago)

                WAL archiving
                Working WAL archiving:  OK (ContinuousArchiving=True, ContinuousArchivingSuccess)
                Since:                  2026-12-07T14:55:00Z (5m ago)
                Message:                Continuous archiving is working; last archived WAL 00000001000000000000000A

                Backups
                NAME                     METHOD              PHASE       STARTED                STOPPED                INSTANCE    ERROR
                pg-main-on-demand        barmanObjectStore   -           -                      -                      -
                pg-main-20261207000000   barmanObjectStore   completed   2026-12-07T00:00:01Z   2026-12-07T00:00:40Z   pg-main-2
                pg-main-20261206000000   barmanObjectStore   failed      2026-12-06T00:00:02Z   2026-12-06T00:00:09Z   pg-main-2   barman-cloud-backup exited with 1

                Scheduled backups
                NAME      SCHEDULE      TIME ZONE      NEXT RUN                       LAST SCHEDULED
                nightly   0 0 0 * * *   UTC            2026-12-08T00:00:00Z (in 9h)   2026-12-07T00:00:00Z (15h ago)
                paris     0 0 2 * * *   Europe/Paris   suspended                      -
                """);
    }

    @Test
    void aClusterWithoutBackupsOrArchivingSaysSo() {
        Cluster bare = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: bare, namespace: demo}
                spec: {instances: 1}
                """, Cluster.class);

        assertThat(StatusReport.format(bare, List.of(), List.of(), NOW, 5)).isEqualTo("""
                Cluster:  demo/bare
                Phase:    -

                Recoverability window
                First recoverability point:  -
                Window:                      none yet (no completed backup)
                Last successful backup:      -
                Last failed backup:          -

                WAL archiving
                Not configured (no .spec.backup.barmanObjectStore)

                Backups
                No backups

                Scheduled backups
                No scheduled backups
                """);
    }

    @Test
    void onlyTheNewestBackupsAreListed() {
        List<Backup> backups = List.of(
                backup("b1", "2026-12-01T00:00:00Z", "pg-main", "{}"),
                backup("b2", "2026-12-02T00:00:00Z", "pg-main", "{}"),
                backup("b3", "2026-12-03T00:00:00Z", "pg-main", "{}"));

        assertThat(StatusReport.format(CLUSTER, backups, List.of(), NOW, 2))
                .contains("Backups (the 2 newest of 3)\nNAME")
                .contains("b3")
                .contains("b2")
                .doesNotContain("b1");
    }
}
