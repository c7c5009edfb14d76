package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.List;

/**
 * What a pod's status says when a runner takes it on: nothing for a new pod; for a pod that ran under an earlier agent
 * (whose processes are gone), whether it had finished, whether it may run again, how far it got and how often its
 * containers ran.
 */
record PodAdoption(Outcome outcome, boolean initialized, Instant startTime) {

    enum Outcome {
        /** Start it (a new pod, or one that ran before and may run again). */
        RUN,
        /** It had finished: leave it as it is. */
        FINISHED,
        /** It was running with restartPolicy Never: its processes are lost and may not run again. */
        LOST
    }

    static PodAdoption of(Pod pod) {
        PodStatus previous = pod.getStatus();
        if (previous == null || previous.getPhase() == null) {
            return new PodAdoption(Outcome.RUN, false, null);
        }
        Instant startTime = previous.getStartTime() == null ? null : Instant.parse(previous.getStartTime());
        if ("Succeeded".equals(previous.getPhase()) || "Failed".equals(previous.getPhase())) {
            return new PodAdoption(Outcome.FINISHED, false, startTime);
        }
        boolean ranBefore = previous.getContainerStatuses() != null && previous.getContainerStatuses().stream()
                .anyMatch(s -> s.getContainerID() != null);
        if (ranBefore && "Never".equals(pod.getSpec().getRestartPolicy())) {
            return new PodAdoption(Outcome.LOST, false, startTime);
        }
        boolean initialized = previous.getConditions() != null && previous.getConditions().stream()
                .anyMatch(c -> "Initialized".equals(c.getType()) && "True".equals(c.getStatus()));
        return new PodAdoption(Outcome.RUN, initialized, startTime);
    }

    /** How often a container ran before: its restart count, plus the run the earlier agent lost. */
    static int previousRestarts(Pod pod, Container container, boolean init) {
        PodStatus previous = pod.getStatus();
        if (previous == null) {
            return 0;
        }
        List<ContainerStatus> statuses = init ? previous.getInitContainerStatuses() : previous.getContainerStatuses();
        if (statuses == null) {
            return 0;
        }
        return statuses.stream().filter(s -> container.getName().equals(s.getName())).findFirst()
                .map(s -> (s.getRestartCount() == null ? 0 : s.getRestartCount()) + (s.getContainerID() != null ? 1 : 0))
                .orElse(0);
    }
}
