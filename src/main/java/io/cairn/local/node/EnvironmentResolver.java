package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment of a container's process, resolved as kubelet does: a base (PATH, HOSTNAME, the API server's
 * KUBERNETES_SERVICE_HOST/PORT), then {@code envFrom} in order, then {@code env} in order, where values may use
 * {@code valueFrom} (secretKeyRef, configMapKeyRef, fieldRef, resourceFieldRef) and {@code $(VAR)} references to
 * variables defined before them. A missing Secret, ConfigMap or key that is not optional is a transient problem
 * ({@code CreateContainerConfigError}): the container waits until it appears.
 */
final class EnvironmentResolver {

    /** The PATH of Debian-based images, used when the pod does not set one. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final String CONFIG_ERROR = "CreateContainerConfigError";

    private final PodObjects objects;
    private final Map<String, String> base;

    /**
     * @param base variables every container starts with (for example KUBERNETES_SERVICE_HOST), before its own
     */
    EnvironmentResolver(PodObjects objects, Map<String, String> base) {
        this.objects = objects;
        this.base = Map.copyOf(base);
    }

    Map<String, String> resolve(Pod pod, Container container, PodFields fields) throws PodConfigException {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        env.put("HOSTNAME", fields.hostname());
        env.putAll(base);
        if (container.getEnvFrom() != null) {
            for (EnvFromSource source : container.getEnvFrom()) {
                addAll(env, source, namespace);
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar variable : container.getEnv()) {
                String value;
                if (variable.getValueFrom() != null) {
                    value = valueFrom(variable.getName(), variable.getValueFrom(), pod, container, fields)
                            .orElse(null);
                    if (value == null) {
                        continue;
                    }
                } else {
                    value = VariableExpansion.expand(variable.getValue() == null ? "" : variable.getValue(), env);
                }
                env.put(variable.getName(), value);
            }
        }
        return env;
    }

    private void addAll(Map<String, String> env, EnvFromSource source, String namespace) throws PodConfigException {
        String prefix = source.getPrefix() == null ? "" : source.getPrefix();
        if (source.getConfigMapRef() != null) {
            String name = source.getConfigMapRef().getName();
            Optional<ConfigMap> map = objects.configMap(namespace, name);
            if (map.isEmpty()) {
                if (Boolean.TRUE.equals(source.getConfigMapRef().getOptional())) {
                    return;
                }
                throw PodConfigException.transientProblem(CONFIG_ERROR, "configmap \"" + name + "\" not found");
            }
            if (map.get().getData() != null) {
                map.get().getData().forEach((k, v) -> env.put(prefix + k, v));
            }
        } else if (source.getSecretRef() != null) {
            String name = source.getSecretRef().getName();
            Optional<Secret> secret = objects.secret(namespace, name);
            if (secret.isEmpty()) {
                if (Boolean.TRUE.equals(source.getSecretRef().getOptional())) {
                    return;
                }
                throw PodConfigException.transientProblem(CONFIG_ERROR, "secret \"" + name + "\" not found");
            }
            secretData(secret.get()).forEach((k, v) -> env.put(prefix + k, new String(v, StandardCharsets.UTF_8)));
        }
    }

    private Optional<String> valueFrom(String variable, EnvVarSource source, Pod pod, Container container,
            PodFields fields) throws PodConfigException {
        String namespace = pod.getMetadata().getNamespace();
        if (source.getSecretKeyRef() != null) {
            SecretKeySelector ref = source.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<Secret> secret = objects.secret(namespace, ref.getName());
            if (secret.isEmpty()) {
                return missing(optional, "secret \"" + ref.getName() + "\" not found");
            }
            byte[] value = secretData(secret.get()).get(ref.getKey());
            if (value == null) {
                return missing(optional, "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/"
                        + ref.getName());
            }
            return Optional.of(new String(value, StandardCharsets.UTF_8));
        }
        if (source.getConfigMapKeyRef() != null) {
            ConfigMapKeySelector ref = source.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<ConfigMap> map = objects.configMap(namespace, ref.getName());
            if (map.isEmpty()) {
                return missing(optional, "configmap \"" + ref.getName() + "\" not found");
            }
            String value = map.get().getData() == null ? null : map.get().getData().get(ref.getKey());
            if (value == null) {
                return missing(optional, "couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/"
                        + ref.getName());
            }
            return Optional.of(value);
        }
        if (source.getFieldRef() != null) {
            return Optional.of(fields.value(source.getFieldRef().getFieldPath()));
        }
        if (source.getResourceFieldRef() != null) {
            return Optional.of(fields.resource(container, source.getResourceFieldRef()));
        }
        throw PodConfigException.permanent("CreateContainerError",
                "env " + variable + ": valueFrom has no source this node agent supports");
    }

    private static Optional<String> missing(boolean optional, String message) throws PodConfigException {
        if (optional) {
            return Optional.empty();
        }
        throw PodConfigException.transientProblem(CONFIG_ERROR, message);
    }

    /** A Secret's values, decoded ({@code data} is base64 on the wire). */
    static Map<String, byte[]> secretData(Secret secret) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k, Base64.getDecoder().decode(v == null ? "" : v)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> values.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return values;
    }
}
