package io.cairn.event;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Records Kubernetes Events about our resources, as {@code kubectl describe} shows them. */
public interface EventRecorder {

    void normal(HasMetadata about, String reason, String message);

    void warning(HasMetadata about, String reason, String message);
}
