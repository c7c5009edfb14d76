package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What makes a pod impossible to run on this node, whatever happens later: reported as the pod's failure. */
final class PodSpecCheck {

    static final String REASON = "UnsupportedPodSpec";

    private PodSpecCheck() {
    }

    /** The first problem found, as a message for the pod's status, or empty when the pod can run here. */
    static Optional<String> problem(PodSpec spec) {
        List<Container> all = new ArrayList<>();
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
            for (Container init : spec.getInitContainers()) {
                if ("Always".equals(init.getRestartPolicy())) {
                    return Optional.of("init container \"" + init.getName() + "\" is a sidecar (restartPolicy: "
                            + "Always), which the local node agent does not support yet");
                }
            }
        }
        all.addAll(spec.getContainers());
        for (Container container : all) {
            if (container.getCommand() == null || container.getCommand().isEmpty()) {
                return Optional.of("container \"" + container.getName() + "\" has no command: the local node agent "
                        + "runs commands as local processes, not images, so it cannot know the entrypoint of image \""
                        + container.getImage() + "\"; set the container's command");
            }
        }
        return Optional.empty();
    }
}
