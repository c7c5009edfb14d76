package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Starts one run of a container: works out who it runs as, its environment, its expanded command, its mounts (with
 * the pod's hosts file over /etc/hosts), a new container id and its log file, and launches it.
 */
final class ContainerStarter {

    private static final Logger LOG = Logger.getLogger(ContainerStarter.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NodeRuntime runtime;

    ContainerStarter(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    ContainerProcess start(Pod pod, ManagedContainer container, String podIP,
            Map<String, VolumeMounter.PreparedVolume> volumes) throws PodConfigException, IOException {
        String uid = pod.getMetadata().getUid();
        String description = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        PodFields fields = new PodFields(pod, podIP, runtime.node());
        ProcessIdentity identity = runtime.users().identityFor(pod.getSpec(), container.spec());
        Map<String, String> env = runtime.environment().resolve(pod, container.spec(), fields);
        List<String> command = Stream.concat(container.spec().getCommand().stream(),
                        container.spec().getArgs() == null ? Stream.empty() : container.spec().getArgs().stream())
                .map(part -> VariableExpansion.expand(part, env)).toList();
        List<Mount> mounts = new ArrayList<>(runtime.volumes().mountsFor(container.spec(), volumes, env, identity));
        if (runtime.launcher().mountNamespaces()) {
            mounts.add(new Mount(runtime.hostsFiles().forPod(uid, pod.getMetadata().getNamespace(), fields.hostname(),
                    podIP), "/etc/hosts", true));
        }
        int run = container.everStarted() ? container.restartCount() + 1 : container.restartCount();
        String workingDir = container.spec().getWorkingDir() == null || container.spec().getWorkingDir().isEmpty()
                ? "/" : container.spec().getWorkingDir();
        LaunchRequest request = new LaunchRequest(newContainerId(), description + "/" + container.name(),
                fields.hostname(), command, env, workingDir, identity, mounts,
                runtime.directories().container(uid, container.name()),
                runtime.directories().log(pod, container.name(), run));
        ContainerProcess process = runtime.launcher().launch(request);
        LOG.infof("pod %s: started container %s (%s) as %s, pid %d, log %s", description, container.name(),
                request.containerId(), identity.describe(), process.pid(), request.logFile());
        return process;
    }

    /** {@code cairn://} and 32 random hex digits, new for every run, as a runtime's container id. */
    private static String newContainerId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "cairn://" + HexFormat.of().formatHex(bytes);
    }
}
