package io.cairn.local.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;

/** The collaborators every pod runner of one agent shares. */
record NodeRuntime(KubernetesClient client, NodeFacts node, NodeDirectories directories, LoopbackAddressPool addresses,
        UserMapper users, EnvironmentResolver environment, VolumeMounter volumes, ContainerLauncher launcher,
        ProbeChecker probes, PodHostsFiles hostsFiles, PodStatusFactory statusFactory, PodStatusReporter reporter,
        Clock clock, Duration maxRestartBackoff) {
}
