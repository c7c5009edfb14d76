package io.cairn.local.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to start one run of a container as a local process.
 *
 * @param description {@code namespace/pod/container}, for logs and the launch script
 * @param hostname the pod's host name (its {@code spec.hostname}, else its name), set in its own UTS namespace
 * @param command the container's command and args, already expanded
 * @param workingDir the container's workingDir, or "/" when it names none
 * @param runDir where the launch script and pid file of this container go
 */
record LaunchRequest(String containerId, String description, String hostname, List<String> command, Map<String, String> env,
        String workingDir, ProcessIdentity identity, List<Mount> mounts, Path runDir, Path logFile) {
}
