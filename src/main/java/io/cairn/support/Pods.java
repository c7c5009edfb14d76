package io.cairn.support;

import io.fabric8.kubernetes.api.model.Pod;

/** What the operator reads of a Pod's status, in one place. */
public final class Pods {

    private Pods() {}

    /** The kubelet reports the pod {@code Ready}: its containers run and its readiness probe passes. */
    public static boolean ready(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
