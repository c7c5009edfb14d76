package io.cairn.controller;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The bookkeeping every reconciler does until its resource's behaviour lands: record in status which generation of
 * the spec the operator has seen, patching the status only when that changes.
 */
public final class ObservedGeneration {

    private ObservedGeneration() {
    }

    public static <S, R extends CustomResource<?, S>> UpdateControl<R> record(R resource, S emptyStatus,
            Function<S, Long> observedGeneration, BiFunction<S, Long, S> withObservedGeneration) {
        Long generation = resource.getMetadata().getGeneration();
        S status = Optional.ofNullable(resource.getStatus()).orElse(emptyStatus);
        if (Objects.equals(observedGeneration.apply(status), generation)) {
            return UpdateControl.noUpdate();
        }
        resource.setStatus(withObservedGeneration.apply(status, generation));
        return UpdateControl.patchStatus(resource);
    }
}
