package io.cairn.controller.backup;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.BackupPhase;
import io.cairn.api.v1.BackupStatus;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ConditionTypes;
import io.cairn.backup.BackupStatusDraft;
import io.cairn.backup.BackupStep.Notice;
import io.cairn.support.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a Backup's next status, fresh, from what the reconciler decided: the CloudNativePG fields of the phase
 * plus Cairn's {@code Ready} condition, which says why a pending Backup waits or why it failed.
 */
final class BackupStatusFactory {

    static final String COMPLETED = "Completed";
    private static final Pattern MAJOR_FROM_TAG = Pattern.compile(":(\\d+)(?:[.\\-_@][^:/]*)?$");

    private BackupStatusFactory() {}

    static BackupStatus current(Backup backup) {
        return Optional.ofNullable(backup.getStatus()).orElse(BackupStatus.EMPTY);
    }

    /** {@code pending}, waiting for {@code reason} as {@code message} says; the attempts so far are kept. */
    static BackupStatus pending(Backup backup, Integer majorVersion, String reason, String message, Instant now) {
        return status(
                backup, majorVersion, BackupPhase.PENDING, null, null, null, condition(backup, reason, message, now));
    }

    /** {@code failed} for good: the error, when, and the method (CloudNativePG's FlagBackupAsFailed). */
    static BackupStatus failed(Backup backup, String reason, String message, Instant now) {
        return failed(backup, null, reason, message, now);
    }

    /**
     * {@code failed} for good, keeping what was recorded so far ({@code recorded}, else the current status: the
     * instance, barman's name, the object store): the error, when, and the method.
     */
    static BackupStatus failed(Backup backup, BackupStatus recorded, String reason, String message, Instant now) {
        return BackupStatusDraft.from(recorded != null ? recorded : current(backup))
                .observedGeneration(backup.getMetadata().getGeneration())
                .phase(BackupPhase.FAILED)
                .error(message)
                .reconciliationTerminatedAt(now)
                .method(backup.getSpec().methodOrDefault())
                .conditions(condition(backup, reason, message, now))
                .build();
    }

    /**
     * The status a method's step reached, with {@code observedGeneration}, the Cluster's major version when the step
     * set none, and the {@code Ready} condition (False, with the notice's reason and message; kept as it is when
     * there is no notice).
     */
    static BackupStatus advanced(Backup backup, Cluster cluster, BackupStatus status, Notice notice, Instant now) {
        BackupStatusDraft draft = BackupStatusDraft.from(status)
                .observedGeneration(backup.getMetadata().getGeneration())
                .conditions(
                        notice == null
                                ? current(backup).conditions()
                                : condition(backup, notice.reason(), notice.message(), now));
        if (status.majorVersion() == null) {
            draft.majorVersion(majorVersion(cluster));
        }
        return draft.build();
    }

    /** {@code completed}: what the tool reported, when, and {@code Ready=True}. */
    static BackupStatus completed(Backup backup, BackupStatus status, Instant now) {
        return BackupStatusDraft.from(status)
                .observedGeneration(backup.getMetadata().getGeneration())
                .phase(BackupPhase.COMPLETED)
                .error(null)
                .reconciliationTerminatedAt(now)
                .method(backup.getSpec().methodOrDefault())
                .conditions(Conditions.set(
                        current(backup).conditions(),
                        Conditions.condition(
                                ConditionTypes.READY,
                                true,
                                COMPLETED,
                                "Backup completed",
                                backup.getMetadata().getGeneration()),
                        now))
                .build();
    }

    /**
     * The PostgreSQL major version of the cluster's image tag (e.g. 16 for postgresql:16.4), if it has one: its
     * {@code imageName}, else the image its status says the instances run (the operator's default).
     */
    static Integer majorVersion(Cluster cluster) {
        String image = cluster.getSpec().imageName() != null
                ? cluster.getSpec().imageName()
                : cluster.getStatus() == null ? null : cluster.getStatus().image();
        if (image == null) {
            return null;
        }
        Matcher matcher = MAJOR_FROM_TAG.matcher(image.contains("@") ? image.substring(0, image.indexOf('@')) : image);
        return matcher.find() ? Integer.valueOf(matcher.group(1)) : null;
    }

    private static List<Condition> condition(Backup backup, String reason, String message, Instant now) {
        return Conditions.set(
                current(backup).conditions(),
                Conditions.condition(
                        ConditionTypes.READY,
                        false,
                        reason,
                        message,
                        backup.getMetadata().getGeneration()),
                now);
    }

    private static BackupStatus status(
            Backup backup,
            Integer majorVersion,
            BackupPhase phase,
            Instant reconciliationTerminatedAt,
            String error,
            BackupMethod method,
            List<Condition> conditions) {
        return new BackupStatus(
                backup.getMetadata().getGeneration(),
                null,
                null,
                null,
                majorVersion,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                phase,
                null,
                null,
                null,
                reconciliationTerminatedAt,
                null,
                null,
                null,
                null,
                error,
                null,
                null,
                null,
                null,
                null,
                null,
                method,
                null,
                null,
                conditions,
                current(backup).attempts());
    }
}
