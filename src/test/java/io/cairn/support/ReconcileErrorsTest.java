package io.cairn.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.ConditionTypes;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a reconcile that threw leaves in the conditions, and that the same failure again writes nothing. */
class ReconcileErrorsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final List<Condition> READY =
            List.of(Conditions.condition(ConditionTypes.READY, true, "ClusterIsReady", "Cluster is Ready", 3L));

    @Test
    void aFailureSetsReconciledFalseWithTheErrorAndKeepsTheOtherConditions() {
        List<Condition> failed = ReconcileErrors.failed(READY, new IllegalStateException("boom"), 3L, NOW)
                .orElseThrow();

        assertThat(failed).extracting(Condition::getType).containsExactly("Ready", "Reconciled");
        Condition reconciled = failed.get(1);
        assertThat(reconciled.getStatus()).isEqualTo("False");
        assertThat(reconciled.getReason()).isEqualTo("ReconcileFailed");
        assertThat(reconciled.getMessage()).isEqualTo("boom");
        assertThat(reconciled.getObservedGeneration()).isEqualTo(3L);
        assertThat(reconciled.getLastTransitionTime()).isEqualTo("2026-11-25T10:00:00Z");
    }

    @Test
    void theSameFailureAgainWritesNothingSoItCannotLoop() {
        List<Condition> failed = ReconcileErrors.failed(READY, new IllegalStateException("boom"), 3L, NOW)
                .orElseThrow();

        assertThat(ReconcileErrors.failed(failed, new IllegalStateException("boom"), 3L, NOW.plusSeconds(5)))
                .isEmpty();
    }

    @Test
    void anotherErrorOrGenerationUpdatesTheMessageButNotTheTransitionTime() {
        List<Condition> failed = ReconcileErrors.failed(READY, new IllegalStateException("boom"), 3L, NOW)
                .orElseThrow();

        List<Condition> other = ReconcileErrors.failed(
                        failed, new IllegalStateException("bang"), 3L, NOW.plusSeconds(5))
                .orElseThrow();
        assertThat(other.get(1).getMessage()).isEqualTo("bang");
        assertThat(other.get(1).getLastTransitionTime()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(ReconcileErrors.failed(failed, new IllegalStateException("boom"), 4L, NOW))
                .isPresent();
    }

    @Test
    void anErrorWithoutMessageIsNamedByItsClass() {
        assertThat(ReconcileErrors.failed(null, new NullPointerException(), 1L, NOW)
                        .orElseThrow())
                .singleElement()
                .extracting(Condition::getMessage)
                .isEqualTo("NullPointerException");
    }
}
