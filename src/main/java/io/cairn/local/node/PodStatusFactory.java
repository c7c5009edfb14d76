package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds a pod's status the way a kubelet reports it, fresh from what the pod's runner knows: phase, conditions
 * (PodScheduled, PodReadyToStartContainers, Initialized, ContainersReady, Ready, keeping conditions others own, such
 * as readiness gates), IPs, start time and one status per container. A condition's {@code lastTransitionTime} moves
 * only when its status changes.
 */
final class PodStatusFactory {

    private final Clock clock;

    PodStatusFactory(Clock clock) {
        this.clock = clock;
    }

    /** What the pod's runner knows, at one moment. */
    record View(String phase, String podIP, String hostIP, Instant startTime, List<ManagedContainer> initContainers,
            List<ManagedContainer> containers, boolean initialized, boolean terminal, String reason, String message) {
    }

    /**
     * @param pod the pod as last seen: conditions of types this node does not own are kept from it
     * @param lastReported the status this node last reported, if any, whose condition transition times are kept
     */
    PodStatus build(Pod pod, View view, PodStatus lastReported) {
        Instant now = clock.instant();
        List<PodCondition> seen = pod.getStatus() == null || pod.getStatus().getConditions() == null ? List.of()
                : pod.getStatus().getConditions();
        List<PodCondition> previousConditions = lastReported == null || lastReported.getConditions() == null ? seen
                : lastReported.getConditions();
        List<ContainerStatus> initStatuses = view.initContainers().stream()
                .map(c -> containerStatus(c, view, true)).toList();
        List<ContainerStatus> statuses = view.containers().stream()
                .map(c -> containerStatus(c, view, false))
                .sorted(Comparator.comparing(ContainerStatus::getName)).toList();

        List<PodCondition> conditions = new ArrayList<>();
        for (PodCondition condition : seen) {
            if (!ownType(condition.getType())) {
                conditions.add(condition);
            }
        }
        conditions.add(condition("PodScheduled", true, null, null, previousConditions, now));
        conditions.add(condition("PodReadyToStartContainers", view.podIP() != null, null, null, previousConditions,
                now));
        List<String> incomplete = view.initContainers().stream().filter(c -> !c.ready()).map(ManagedContainer::name)
                .toList();
        conditions.add(condition("Initialized", view.initialized(),
                view.initialized() ? null : "ContainersNotInitialized",
                view.initialized() ? null : "containers with incomplete status: " + bracketed(incomplete),
                previousConditions, now));
        List<String> unready = view.containers().stream().filter(c -> !c.ready()).map(ManagedContainer::name)
                .sorted().toList();
        boolean containersReady = !view.terminal() && unready.isEmpty() && view.initialized();
        String unreadyReason = view.terminal() ? "PodCompleted" : "ContainersNotReady";
        String unreadyMessage = view.terminal() ? null : "containers with unready status: " + bracketed(unready);
        conditions.add(condition("ContainersReady", containersReady, containersReady ? null : unreadyReason,
                containersReady ? null : unreadyMessage, previousConditions, now));
        List<String> falseGates = falseReadinessGates(pod, seen);
        boolean ready = containersReady && falseGates.isEmpty();
        String readyReason = ready ? null : containersReady ? "ReadinessGatesNotReady" : unreadyReason;
        String readyMessage = ready ? null : containersReady
                ? "corresponding condition of pod readiness gate " + bracketed(falseGates) + " does not exist or is False"
                : unreadyMessage;
        conditions.add(condition("Ready", ready, readyReason, readyMessage, previousConditions, now));

        PodStatusBuilder status = new PodStatusBuilder()
                .withPhase(view.phase())
                .withConditions(conditions)
                .withHostIP(view.hostIP())
                .withHostIPs(new HostIP(view.hostIP()))
                .withStartTime(timestamp(view.startTime()))
                .withInitContainerStatuses(initStatuses)
                .withContainerStatuses(statuses)
                .withReason(view.reason())
                .withMessage(view.message());
        if (view.podIP() != null) {
            status.withPodIP(view.podIP()).withPodIPs(new PodIP(view.podIP()));
        }
        return status.build();
    }

    private ContainerStatus containerStatus(ManagedContainer container, View view, boolean init) {
        ContainerStatusBuilder status = new ContainerStatusBuilder()
                .withName(container.name())
                .withImage(container.spec().getImage() == null ? "" : container.spec().getImage())
                .withImageID("")
                .withRestartCount(container.restartCount())
                .withStarted(init ? null : container.started())
                .withReady(container.ready());
        Optional<ContainerProcess> process = container.process().filter(p -> container.runningInContainer());
        if (process.isPresent()) {
            status.withContainerID(process.get().containerId())
                    .withState(new ContainerStateBuilder().withNewRunning()
                            .withStartedAt(timestamp(process.get().startedAt())).endRunning().build());
            container.lastTermination().ifPresent(t -> status.withLastState(terminated(t)));
        } else if (container.finished() && container.lastTermination().isPresent()) {
            status.withContainerID(container.lastTermination().get().getContainerID())
                    .withState(terminated(container.lastTermination().get()));
            container.previousTermination().ifPresent(t -> status.withLastState(terminated(t)));
        } else {
            String reason = container.waitingReason()
                    .orElse(!init && !view.initialized() ? "PodInitializing" : "ContainerCreating");
            status.withState(new ContainerStateBuilder().withNewWaiting().withReason(reason)
                    .withMessage(container.waitingMessage()).endWaiting().build());
            container.lastTermination().ifPresent(t -> status.withContainerID(t.getContainerID())
                    .withLastState(terminated(t)));
        }
        return status.build();
    }

    private static ContainerState terminated(io.fabric8.kubernetes.api.model.ContainerStateTerminated terminated) {
        return new ContainerStateBuilder().withTerminated(terminated).build();
    }

    private static PodCondition condition(String type, boolean status, String reason, String message,
            List<PodCondition> previous, Instant now) {
        String value = status ? "True" : "False";
        String transition = previous.stream().filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime).filter(Objects::nonNull).findFirst()
                .orElse(timestamp(now));
        return new PodConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
                .withLastTransitionTime(transition).build();
    }

    private static boolean ownType(String type) {
        return List.of("PodScheduled", "PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready")
                .contains(type);
    }

    private static List<String> falseReadinessGates(Pod pod, List<PodCondition> conditions) {
        List<PodReadinessGate> gates = pod.getSpec().getReadinessGates();
        if (gates == null) {
            return List.of();
        }
        return gates.stream().map(PodReadinessGate::getConditionType)
                .filter(type -> conditions.stream().noneMatch(c -> type.equals(c.getType())
                        && "True".equals(c.getStatus())))
                .toList();
    }

    private static String bracketed(List<String> names) {
        return names.stream().collect(Collectors.joining(" ", "[", "]"));
    }

    /** Kubernetes' timestamp format: RFC 3339, whole seconds, UTC. */
    static String timestamp(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
