package io.cairn.local.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One run of a container: a local process that is the leader of its own process group (it was started through
 * {@code setsid}), so that it and everything it forked can be killed together, as a container runtime kills a
 * container's cgroup.
 */
final class ContainerProcess {

    private final Process process;
    private final String containerId;
    private final Instant startedAt;
    private final LaunchRequest request;
    private final Path mountedMarker;
    private boolean mounted;

    /**
     * @param mountedMarker the file the launch script writes once the volumes are mounted; null when the process runs
     *     without a launch script (no mount namespaces), so there is nothing to wait for
     */
    ContainerProcess(Process process, String containerId, Instant startedAt, LaunchRequest request,
            Path mountedMarker) {
        this.process = process;
        this.containerId = containerId;
        this.startedAt = startedAt;
        this.request = request;
        this.mountedMarker = mountedMarker;
        this.mounted = mountedMarker == null;
    }

    /** The launch script has mounted every volume (and exec'd, or is about to exec, the command). */
    boolean volumesMounted() {
        if (!mounted) {
            try {
                mounted = Files.size(mountedMarker) > 0;
            } catch (IOException e) {
                return false; // not written yet
            }
        }
        return mounted;
    }

    long pid() {
        return process.pid();
    }

    String containerId() {
        return containerId;
    }

    Instant startedAt() {
        return startedAt;
    }

    LaunchRequest request() {
        return request;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code; 128 + signal when a signal ended it (137 after SIGKILL), as container runtimes report. */
    int exitCode() {
        return process.exitValue();
    }

    /** SIGTERM to the container's main process, as a kubelet signals PID 1. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL to the whole process group: the main process and whatever it started. */
    void kill() {
        killGroup();
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills what the main process left behind once it has exited: a container ends with its main process (its PID
     * namespace dies), so no child may outlive it here either.
     */
    void killRemnants() {
        killGroup();
    }

    private void killGroup() {
        killProcessGroup(process.pid());
    }

    /** SIGKILL to every process of a process group (kill -KILL -- -pgid). */
    static void killProcessGroup(long processGroup) {
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + processGroup)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill command: destroyForcibly still ends the main process
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
