package io.cairn.cli.kubectl;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ClusterStatus;
import io.cairn.api.v1.ConditionTypes;
import io.cairn.api.v1.ScheduledBackup;
import io.cairn.api.v1.ScheduledBackupStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code kubectl cairn status CLUSTER} prints, from the Cluster, the Backups and the ScheduledBackups as the API
 * server holds them (no call to an instance): the recoverability window, the latest Backups, WAL archiving and the
 * next scheduled runs. Sections and key/value lines follow {@code kubectl cnpg status}; lists are tables like
 * {@code kubectl get}.
 */
final class StatusReport {

    private static final int ERROR_WIDTH = 60;

    private StatusReport() {}

    /**
     * @param backups every Backup of the namespace (those of other clusters are left out here)
     * @param scheduledBackups every ScheduledBackup of the namespace
     * @param latest how many Backups to list, newest first
     */
    static String format(
            Cluster cluster, List<Backup> backups, List<ScheduledBackup> scheduledBackups, Instant now, int latest) {
        String name = cluster.getMetadata().getName();
        ClusterStatus status = Optional.ofNullable(cluster.getStatus()).orElse(ClusterStatus.EMPTY);
        StringBuilder out = new StringBuilder();
        out.append(
                Table.keyValues("Cluster", cluster.getMetadata().getNamespace() + "/" + name, "Phase", phase(status)));

        out.append("\nRecoverability window\n");
        Instant first = HumanTime.parse(status.firstRecoverabilityPoint());
        out.append(Table.keyValues(
                "First recoverability point", HumanTime.at(status.firstRecoverabilityPoint(), now),
                "Window",
                        first == null
                                ? "none yet (no completed backup)"
                                : status.firstRecoverabilityPoint() + " to now ("
                                        + HumanTime.duration(Duration.between(first, now)) + ")",
                "Last successful backup", HumanTime.at(status.lastSuccessfulBackup(), now),
                "Last failed backup", HumanTime.at(status.lastFailedBackup(), now)));
        out.append(byMethod(status, now));

        out.append("\nWAL archiving\n").append(walArchiving(cluster, status, now));

        List<Backup> ofCluster = backups.stream()
                .filter(b -> b.getSpec() != null
                        && b.getSpec().cluster() != null
                        && name.equals(b.getSpec().cluster().name()))
                .sorted(newestFirst())
                .toList();
        out.append("\nBackups");
        if (ofCluster.isEmpty()) {
            out.append("\nNo backups\n");
        } else {
            out.append(ofCluster.size() > latest ? " (the " + latest + " newest of " + ofCluster.size() + ")" : "")
                    .append('\n')
                    .append(backupTable(ofCluster.subList(0, Math.min(latest, ofCluster.size()))));
        }

        List<ScheduledBackup> schedules = scheduledBackups.stream()
                .filter(s -> s.getSpec() != null
                        && s.getSpec().cluster() != null
                        && name.equals(s.getSpec().cluster().name()))
                .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
                .toList();
        out.append("\nScheduled backups\n");
        out.append(schedules.isEmpty() ? "No scheduled backups\n" : scheduleTable(schedules, now));
        return out.toString();
    }

    private static String phase(ClusterStatus status) {
        if (status.phase() == null) {
            return "-";
        }
        String ready = status.instances() == null
                ? ""
                : " (" + Objects.requireNonNullElse(status.readyInstances(), 0) + "/" + status.instances()
                        + " instances ready)";
        return status.phase() + ready;
    }

    /** Per-method lines, only when some method has its own times (CloudNativePG's ...ByMethod maps). */
    private static String byMethod(ClusterStatus status, Instant now) {
        Map<String, Instant> firstPoints =
                Objects.requireNonNullElse(status.firstRecoverabilityPointByMethod(), Map.of());
        Map<String, Instant> lastSuccesses =
                Objects.requireNonNullElse(status.lastSuccessfulBackupByMethod(), Map.of());
        TreeMap<String, String> methods = new TreeMap<>();
        firstPoints.keySet().forEach(m -> methods.put(m, m));
        lastSuccesses.keySet().forEach(m -> methods.put(m, m));
        if (methods.isEmpty()) {
            return "";
        }
        Table table = new Table("METHOD", "FIRST RECOVERABILITY POINT", "LAST SUCCESSFUL BACKUP");
        methods.keySet()
                .forEach(m ->
                        table.row(m, HumanTime.at(firstPoints.get(m), now), HumanTime.at(lastSuccesses.get(m), now)));
        return table.render();
    }

    private static String walArchiving(Cluster cluster, ClusterStatus status, Instant now) {
        Optional<Condition> archiving = Optional.ofNullable(status.conditions()).orElse(List.of()).stream()
                .filter(c -> ConditionTypes.CONTINUOUS_ARCHIVING.equals(c.getType()))
                .findFirst();
        if (archiving.isPresent()) {
            Condition c = archiving.get();
            String state = "True".equals(c.getStatus()) ? "OK" : "False".equals(c.getStatus()) ? "FAILING" : "unknown";
            return Table.keyValues(
                    "Working WAL archiving",
                            state + " (" + ConditionTypes.CONTINUOUS_ARCHIVING + "=" + c.getStatus() + ", "
                                    + Objects.requireNonNullElse(c.getReason(), "no reason") + ")",
                    "Since", HumanTime.at(c.getLastTransitionTime(), now),
                    "Message", Objects.requireNonNullElse(c.getMessage(), "-"));
        }
        boolean configured = cluster.getSpec() != null
                && cluster.getSpec().backup() != null
                && cluster.getSpec().backup().barmanObjectStore() != null;
        return configured
                ? "No report yet (no " + ConditionTypes.CONTINUOUS_ARCHIVING + " condition)\n"
                : "Not configured (no .spec.backup.barmanObjectStore)\n";
    }

    private static String backupTable(List<Backup> backups) {
        boolean anyError = backups.stream()
                .anyMatch(b -> b.getStatus() != null && b.getStatus().error() != null);
        Table table = anyError
                ? new Table("NAME", "METHOD", "PHASE", "STARTED", "STOPPED", "INSTANCE", "ERROR")
                : new Table("NAME", "METHOD", "PHASE", "STARTED", "STOPPED", "INSTANCE");
        for (Backup backup : backups) {
            BackupStatus s = backup.getStatus();
            String method = Optional.ofNullable(s)
                    .map(BackupStatus::method)
                    .orElseGet(() -> backup.getSpec().methodOrDefault())
                    .value();
            String phase = s == null || s.phase() == null || s.phase().value().isEmpty()
                    ? "-"
                    : s.phase().value();
            String instance =
                    s == null || s.instanceID() == null || s.instanceID().podName() == null
                            ? "-"
                            : s.instanceID().podName();
            String started =
                    s == null || s.startedAt() == null ? "-" : s.startedAt().toString();
            String stopped =
                    s == null || s.stoppedAt() == null ? "-" : s.stoppedAt().toString();
            if (anyError) {
                table.row(
                        backup.getMetadata().getName(),
                        method,
                        phase,
                        started,
                        stopped,
                        instance,
                        s == null || s.error() == null ? "" : abbreviate(s.error()));
            } else {
                table.row(backup.getMetadata().getName(), method, phase, started, stopped, instance);
            }
        }
        return table.render();
    }

    private static String scheduleTable(List<ScheduledBackup> schedules, Instant now) {
        Table table = new Table("NAME", "SCHEDULE", "TIME ZONE", "NEXT RUN", "LAST SCHEDULED");
        for (ScheduledBackup schedule : schedules) {
            ScheduledBackupStatus s = schedule.getStatus();
            String zone = schedule.getSpec().timeZone() == null
                            || schedule.getSpec().timeZone().isBlank()
                    ? "UTC"
                    : schedule.getSpec().timeZone();
            String next;
            if (Boolean.TRUE.equals(schedule.getSpec().suspend())) {
                next = "suspended";
            } else if (s != null && s.error() != null) {
                next = "error: " + abbreviate(s.error());
            } else {
                next = HumanTime.at(s == null ? null : s.nextScheduleTime(), now);
            }
            table.row(
                    schedule.getMetadata().getName(),
                    schedule.getSpec().schedule(),
                    zone,
                    next,
                    HumanTime.at(s == null ? null : s.lastScheduleTime(), now));
        }
        return table.render();
    }

    /** Newest first by creation time, then by name (RFC 3339 UTC timestamps of the API server sort as text). */
    private static Comparator<Backup> newestFirst() {
        return Comparator.<Backup, String>comparing(
                        b -> Objects.requireNonNullElse(b.getMetadata().getCreationTimestamp(), ""))
                .reversed()
                .thenComparing(b -> b.getMetadata().getName(), Comparator.reverseOrder());
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= ERROR_WIDTH ? oneLine : oneLine.substring(0, ERROR_WIDTH - 3) + "...";
    }
}
