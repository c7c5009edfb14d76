package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The endpoints of a Service port, as the endpoints controller and kube-proxy would pick them: pods of the service's
 * namespace whose labels match its selector, with an IP, not being deleted, and Ready (or any of them with
 * {@code publishNotReadyAddresses}); the target port is a number or the name of a container port of the pod.
 * A Service without a selector has no endpoints here.
 */
final class ServiceEndpoints {

    private ServiceEndpoints() {
    }

    static List<InetSocketAddress> of(Service service, ServicePort port, List<Pod> pods) {
        Map<String, String> selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        boolean includeNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        List<InetSocketAddress> endpoints = new ArrayList<>();
        for (Pod pod : pods) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            boolean matches = service.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
                    && labels != null && selector.entrySet().stream()
                            .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
            if (!matches || pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null
                    || pod.getStatus().getPodIP() == null || "Succeeded".equals(pod.getStatus().getPhase())
                    || "Failed".equals(pod.getStatus().getPhase()) || !(includeNotReady || ready(pod))) {
                continue;
            }
            targetPort(port, pod).ifPresent(p -> endpoints.add(new InetSocketAddress(pod.getStatus().getPodIP(), p)));
        }
        return endpoints;
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Optional<Integer> targetPort(ServicePort port, Pod pod) {
        IntOrString target = port.getTargetPort();
        if (target == null || (target.getIntVal() == null && target.getStrVal() == null)) {
            return Optional.of(port.getPort());
        }
        if (target.getIntVal() != null) {
            return Optional.of(target.getIntVal());
        }
        return Stream.concat(pod.getSpec().getContainers().stream(),
                        pod.getSpec().getInitContainers() == null ? Stream.empty()
                                : pod.getSpec().getInitContainers().stream())
                .filter(c -> c.getPorts() != null).flatMap(c -> c.getPorts().stream())
                .filter(p -> target.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst();
    }
}
