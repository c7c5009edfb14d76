package io.cairn.support;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Kubernetes-style condition bookkeeping: setting a condition replaces the one of the same type, and its
 * lastTransitionTime moves only when its status moves.
 */
public final class Conditions {

    private Conditions() {}

    public static Condition condition(
            String type, boolean status, String reason, String message, Long observedGeneration) {
        return new ConditionBuilder()
                .withType(type)
                .withStatus(status ? "True" : "False")
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(observedGeneration)
                .build();
    }

    /** The conditions with {@code desired} set, keeping the transition time if the status did not change. */
    public static List<Condition> set(List<Condition> current, Condition desired, Instant now) {
        List<Condition> result = new ArrayList<>();
        Condition previous = null;
        for (Condition condition : current == null ? List.<Condition>of() : current) {
            if (condition.getType().equals(desired.getType())) {
                previous = condition;
            } else {
                result.add(condition);
            }
        }
        String transition = previous != null && Objects.equals(previous.getStatus(), desired.getStatus())
                ? previous.getLastTransitionTime()
                : DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        result.add(
                new ConditionBuilder(desired).withLastTransitionTime(transition).build());
        result.sort((a, b) -> a.getType().compareTo(b.getType()));
        return List.copyOf(result);
    }
}
