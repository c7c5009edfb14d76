package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The downward API of one pod: the values {@code fieldRef} and {@code resourceFieldRef} name, for env variables and
 * downwardAPI volumes.
 */
record PodFields(Pod pod, String podIP, NodeFacts node) {

    private static final Pattern MAP_KEY = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

    /** The pod's host name: {@code spec.hostname}, else its name. */
    String hostname() {
        String hostname = pod.getSpec().getHostname();
        return hostname == null || hostname.isEmpty() ? pod.getMetadata().getName() : hostname;
    }

    String value(String fieldPath) throws PodConfigException {
        switch (fieldPath) {
            case "metadata.name":
                return pod.getMetadata().getName();
            case "metadata.namespace":
                return pod.getMetadata().getNamespace();
            case "metadata.uid":
                return pod.getMetadata().getUid();
            case "metadata.labels":
                return asLines(pod.getMetadata().getLabels());
            case "metadata.annotations":
                return asLines(pod.getMetadata().getAnnotations());
            case "spec.nodeName":
                return node.nodeName();
            case "spec.serviceAccountName":
                return pod.getSpec().getServiceAccountName() == null ? "" : pod.getSpec().getServiceAccountName();
            case "status.hostIP":
            case "status.hostIPs":
                return node.hostIP();
            case "status.podIP":
            case "status.podIPs":
                return podIP == null ? "" : podIP;
            default:
                Matcher key = MAP_KEY.matcher(fieldPath);
                if (key.matches()) {
                    Map<String, String> values = key.group(1).equals("labels") ? pod.getMetadata().getLabels()
                            : pod.getMetadata().getAnnotations();
                    return values == null ? "" : values.getOrDefault(key.group(2), "");
                }
                throw PodConfigException.permanent("CreateContainerError",
                        "fieldRef " + fieldPath + " is not supported by the local node agent");
        }
    }

    /** A container's request or limit in the selector's divisor, rounded up; unset limits are the node's size. */
    String resource(Container container, ResourceFieldSelector selector) throws PodConfigException {
        String resource = selector.getResource();
        boolean limit = resource.startsWith("limits.");
        String name = resource.substring(resource.indexOf('.') + 1);
        Map<String, Quantity> values = container.getResources() == null ? null
                : limit ? container.getResources().getLimits() : container.getResources().getRequests();
        Quantity quantity = values == null ? null : values.get(name);
        BigDecimal amount;
        if (quantity != null) {
            amount = Quantity.getAmountInBytes(quantity);
        } else if (name.equals("cpu")) {
            amount = limit ? BigDecimal.valueOf(node.cpus()) : BigDecimal.ZERO;
        } else if (name.equals("memory")) {
            amount = limit ? BigDecimal.valueOf(node.memoryBytes()) : BigDecimal.ZERO;
        } else if (name.equals("ephemeral-storage")) {
            amount = BigDecimal.ZERO;
        } else {
            throw PodConfigException.permanent("CreateContainerError",
                    "resourceFieldRef " + resource + " is not supported by the local node agent");
        }
        BigDecimal divisor = selector.getDivisor() == null ? BigDecimal.ONE
                : Quantity.getAmountInBytes(selector.getDivisor());
        if (divisor.signum() == 0) {
            divisor = BigDecimal.ONE;
        }
        return amount.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    private static String asLines(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        if (values != null) {
            values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> out.append(e.getKey()).append("=\"").append(e.getValue()).append("\"\n"));
        }
        return out.toString();
    }
}
