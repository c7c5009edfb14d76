package io.cairn.support;

import io.cairn.api.v1.ConditionReasons;
import io.cairn.api.v1.ConditionTypes;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code Reconciled} condition of a resource whose reconcile threw: False with reason {@code ReconcileFailed} and
 * the error as message, written by the reconcilers' {@code updateErrorStatus} (JOSDK's retry with back-off goes on),
 * and removed by the next status write of a reconcile that gets through ({@link StatusPatch#writeAndCache}). It is
 * written only when it changes (another message or generation), so a reconcile failing the same way again writes
 * nothing and triggers nothing: no hot loop.
 */
public final class ReconcileErrors {

    private ReconcileErrors() {}

    /**
     * Sets the condition saying {@code error} on {@code resource}.
     *
     * @return the error's message when the condition was written (then the caller's Event says it once), else null
     */
    public static <S, R extends CustomResource<?, S>> String record(
            KubernetesClient client, R resource, List<Condition> conditions, Exception error, Instant now) {
        Optional<List<Condition>> failed =
                failed(conditions, error, resource.getMetadata().getGeneration(), now);
        if (failed.isEmpty()) {
            return null;
        }
        StatusPatch.Result<R> result = StatusPatch.merge(client, resource, Map.of("conditions", failed.get()));
        return result.outcome() == StatusPatch.Outcome.WRITTEN ? message(error) : null;
    }

    /** {@code conditions} saying {@code error}; empty when they already say it (for this generation). */
    static Optional<List<Condition>> failed(List<Condition> conditions, Exception error, Long generation, Instant now) {
        String message = message(error);
        Condition previous = find(conditions);
        if (previous != null
                && Objects.equals(previous.getMessage(), message)
                && Objects.equals(previous.getObservedGeneration(), generation)) {
            return Optional.empty();
        }
        return Optional.of(Conditions.set(
                conditions,
                Conditions.condition(
                        ConditionTypes.RECONCILED, false, ConditionReasons.RECONCILE_FAILED, message, generation),
                now));
    }

    static String message(Exception error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    private static Condition find(List<Condition> conditions) {
        return conditions == null
                ? null
                : conditions.stream()
                        .filter(c -> ConditionTypes.RECONCILED.equals(c.getType()))
                        .findFirst()
                        .orElse(null);
    }
}
