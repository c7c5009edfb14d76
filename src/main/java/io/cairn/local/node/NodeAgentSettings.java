package io.cairn.local.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a {@link LocalNodeAgent} runs. Built by the {@code cairn local-node-agent} command or by tests; never read from
 * the environment.
 *
 * @param nodeName the Node this agent registers and runs pods for
 * @param workDir volumes, pod directories, container logs and hosts files live here
 * @param fallbackUser the local account that pods run as when the uid they ask for does not exist on this machine
 *     (PostgreSQL refuses to run as root, and images ask for uids such as 26 that Debian does not have)
 * @param firstAddress first loopback address handed to pods and services (inclusive)
 * @param lastAddress last loopback address handed to pods and services (inclusive)
 * @param addressLeaseDir lock files that keep agents of different processes on this machine from taking the same
 *     loopback address
 * @param systemHostsFile a hosts file (normally /etc/hosts) that gets a managed block with the service names, so
 *     processes outside pods (tests, the demo, people) resolve them too; empty to leave it alone
 * @param heartbeatInterval how often the Node status and its Lease are renewed
 * @param maxRestartBackoff the longest wait before a crashed container is restarted
 * @param reclaimDeletesVolumes whether a released PersistentVolume's directory is deleted (reclaim policy Delete) or
 *     kept (Retain)
 */
public record NodeAgentSettings(String nodeName, Path workDir, String fallbackUser, String firstAddress,
        String lastAddress, Path addressLeaseDir, Optional<Path> systemHostsFile, Duration heartbeatInterval,
        Duration maxRestartBackoff, boolean reclaimDeletesVolumes) {

    public static final String DEFAULT_NODE_NAME = "cairn-local";

    /** The defaults of the local runtime, working in {@code workDir}. */
    public static NodeAgentSettings defaults(Path workDir) {
        return new NodeAgentSettings(DEFAULT_NODE_NAME, workDir.toAbsolutePath(), "postgres", "127.0.0.2",
                "127.0.0.254", Path.of(System.getProperty("java.io.tmpdir"), "cairn-loopback-leases"),
                Optional.of(Path.of("/etc/hosts")), Duration.ofSeconds(10), Duration.ofSeconds(20), true);
    }

    public NodeAgentSettings withSystemHostsFile(Optional<Path> hostsFile) {
        return new NodeAgentSettings(nodeName, workDir, fallbackUser, firstAddress, lastAddress, addressLeaseDir,
                hostsFile, heartbeatInterval, maxRestartBackoff, reclaimDeletesVolumes);
    }

    public NodeAgentSettings withHeartbeatInterval(Duration interval) {
        return new NodeAgentSettings(nodeName, workDir, fallbackUser, firstAddress, lastAddress, addressLeaseDir,
                systemHostsFile, interval, maxRestartBackoff, reclaimDeletesVolumes);
    }

    public NodeAgentSettings withNodeName(String name) {
        return new NodeAgentSettings(name, workDir, fallbackUser, firstAddress, lastAddress, addressLeaseDir,
                systemHostsFile, heartbeatInterval, maxRestartBackoff, reclaimDeletesVolumes);
    }
}
