package io.cairn.backup;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupConfiguration;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ConditionTypes;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a Backup may take (Cairn extension): {@code spec.deadline}, else its Cluster's
 * {@code spec.backup.deadline}, counted from the Backup's creation, waiting included. Past it the Backup is failed
 * with {@link #EXCEEDED} and what it holds is released (a running barman job is cancelled). The rule is
 * CloudNativePG's for its snapshot deadline ({@link #passed}): exceeded once more than the deadline has passed. Pure.
 *
 * @param length the deadline as a duration
 * @param written the deadline as the manifest wrote it (e.g. {@code 90m})
 * @param origin where it came from: {@code spec.deadline} or {@code the cluster's spec.backup.deadline}
 * @param start the Backup's creation
 */
public record BackupDeadline(Duration length, String written, String origin, Instant start) {

    /** The reason of a Backup failed at its deadline. */
    public static final String EXCEEDED = "DeadlineExceeded";

    private static final Pattern DURATION = Pattern.compile("^(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$");

    /** The Backup's deadline, if it or its Cluster (null when not found) sets one and the creation time is known. */
    public static Optional<BackupDeadline> of(Backup backup, Cluster cluster) {
        Optional<Instant> created = created(backup);
        if (created.isEmpty()) {
            return Optional.empty();
        }
        String own = backup.getSpec().deadline();
        if (own != null) {
            return parse(own).map(length -> new BackupDeadline(length, own, "spec.deadline", created.get()));
        }
        BackupConfiguration clusterBackup = cluster == null || cluster.getSpec() == null
                ? null
                : cluster.getSpec().backup();
        String inherited = clusterBackup == null ? null : clusterBackup.deadline();
        return inherited == null
                ? Optional.empty()
                : parse(inherited)
                        .map(length -> new BackupDeadline(
                                length, inherited, "the cluster's spec.backup.deadline", created.get()));
    }

    /** Go's duration syntax restricted to hours, minutes and seconds, as the schema allows; empty when not that. */
    static Optional<Duration> parse(String written) {
        Matcher matcher = DURATION.matcher(written == null ? "" : written);
        if (written == null || written.isEmpty() || !matcher.matches()) {
            return Optional.empty();
        }
        Duration length = Duration.ofHours(number(matcher.group(1)))
                .plusMinutes(number(matcher.group(2)))
                .plusSeconds(number(matcher.group(3)));
        return length.isZero() ? Optional.empty() : Optional.of(length);
    }

    /** CloudNativePG's rule: exceeded when more than {@code deadline} has passed since {@code since}. */
    public static boolean passed(Instant since, Duration deadline, Instant now) {
        return Duration.between(since, now).compareTo(deadline) > 0;
    }

    public Instant at() {
        return start.plus(length);
    }

    public boolean exceeded(Instant now) {
        return passed(start, length, now);
    }

    /** How long until the deadline is exceeded (at least one second: a reconcile then sees it passed). */
    public Duration remaining(Instant now) {
        Duration left = Duration.between(now, at()).plusSeconds(1);
        return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
    }

    /** What the failed Backup says: the deadline, where it came from, and where the backup was. */
    public String message(BackupStatus status) {
        BackupPhase phase = status == null || status.phase() == null ? BackupPhase.NEW : status.phase();
        String where = phase == BackupPhase.NEW ? "it had not started" : "it was " + phase.value();
        String why = readyMessage(status).map(message -> " (" + message + ")").orElse("");
        return "the backup did not finish within its deadline of " + written + " (" + origin + ") from its creation at "
                + start + "; " + where + why;
    }

    private static Optional<String> readyMessage(BackupStatus status) {
        List<Condition> conditions = status == null ? null : status.conditions();
        return conditions == null
                ? Optional.empty()
                : conditions.stream()
                        .filter(condition -> ConditionTypes.READY.equals(condition.getType()))
                        .map(Condition::getMessage)
                        .filter(message -> message != null && !message.isBlank())
                        .findFirst();
    }

    private static Optional<Instant> created(Backup backup) {
        String timestamp = backup.getMetadata().getCreationTimestamp();
        try {
            return timestamp == null ? Optional.empty() : Optional.of(Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
