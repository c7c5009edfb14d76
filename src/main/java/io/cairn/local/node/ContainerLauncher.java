package io.cairn.local.node;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Starts container processes. With mount namespaces (the agent runs as root) each run is
 *
 * <pre>
 * setsid unshare --mount --uts --propagation private /bin/bash pods/&lt;uid&gt;/containers/&lt;name&gt;/launch.sh
 * </pre>
 *
 * where the generated script sets the pod's host name in the new UTS namespace, bind-mounts each volume onto its
 * mountPath inside the new, private mount namespace (the rest of the machine never sees these mounts), writes
 * {@value #MOUNTED_MARKER} in the container's run directory (until then the container is still being created, as
 * with a kubelet, which mounts volumes before it starts a container), then drops root with {@code setpriv} to the
 * mapped user and {@code exec}s the command, so the container's main process keeps the pid that was started. Without mount
 * namespaces (the agent is not root) containers run as the agent's user and pods with volume mounts fail with a
 * clear reason; see docs/local-runtime.md.
 */
final class ContainerLauncher {

    private static final Logger LOG = Logger.getLogger(ContainerLauncher.class);
    static final String CONTAINER_ID_VARIABLE = "CAIRN_NODE_CONTAINER_ID";
    private static final int FIRST_DESCRIPTOR = 10;
    /** The descriptor of {@link #MOUNTED_MARKER}, opened before the mounts so that none of them can hide it. */
    private static final int MARKER_DESCRIPTOR = 9;
    /** Written by the launch script once every volume is mounted, just before it execs the command. */
    static final String MOUNTED_MARKER = "mounted";

    private final boolean mountNamespaces;
    private final MountPointJanitor janitor;

    private ContainerLauncher(boolean mountNamespaces, MountPointJanitor janitor) {
        this.mountNamespaces = mountNamespaces;
        this.janitor = janitor;
    }

    /** Probes what this machine allows: a private mount namespace needs root (CAP_SYS_ADMIN). */
    static ContainerLauncher forThisMachine(MountPointJanitor janitor) {
        boolean allowed = UserMapper.currentUid() == 0 && succeeds(List.of("unshare", "--mount", "--propagation",
                "private", "mount", "--bind", "/", "/"));
        if (!allowed) {
            LOG.warn("mount namespaces are not available (the node agent is not root, or unshare failed): "
                    + "containers run as the agent's user, and pods with volume mounts will fail");
        }
        return new ContainerLauncher(allowed, janitor);
    }

    boolean mountNamespaces() {
        return mountNamespaces;
    }

    ContainerProcess launch(LaunchRequest request) throws PodConfigException, IOException {
        if (!mountNamespaces && !request.mounts().isEmpty()) {
            throw PodConfigException.permanent("CreateContainerError", "container " + request.description()
                    + " mounts volumes, which needs mount namespaces; run the node agent as root");
        }
        Files.createDirectories(request.runDir());
        Files.createDirectories(request.logFile().getParent());
        List<String> command = new ArrayList<>();
        Path marker = null;
        if (mountNamespaces) {
            marker = request.runDir().resolve(MOUNTED_MARKER);
            Files.deleteIfExists(marker); // left by the previous run of this container
            request.mounts().forEach(mount -> janitor.beforeMount(mount.target()));
            Path script = request.runDir().resolve("launch.sh");
            Files.writeString(script, script(request), StandardCharsets.UTF_8);
            command.addAll(List.of("setsid", "unshare", "--mount", "--uts", "--propagation", "private", "/bin/bash",
                    script.toString()));
        } else {
            command.add("setsid");
            command.addAll(request.command());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(mountNamespaces ? new File("/") : existingDirectory(request.workingDir()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(request.logFile().toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment(request));
        Instant startedAt = Instant.now();
        Process process = builder.start();
        Files.writeString(request.runDir().resolve("pid"), process.pid() + " " + request.containerId() + "\n");
        return new ContainerProcess(process, request.containerId(), startedAt, request, marker);
    }

    /** The outcome of a command run inside a container (exec probes). */
    record ExecResult(boolean success, String message) {
    }

    /**
     * Runs a command in a running container's mount namespace, as its user, with its environment ({@code nsenter}
     * into the namespace of the container's main process).
     */
    ExecResult exec(ContainerProcess container, List<String> command, Duration timeout) {
        LaunchRequest request = container.request();
        List<String> full = new ArrayList<>();
        if (mountNamespaces) {
            full.addAll(List.of("nsenter", "--target", Long.toString(container.pid()), "--mount", "--"));
            full.addAll(dropPrivileges(request.identity()));
        }
        full.addAll(command);
        try {
            ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(environment(request));
            Process process = builder.start();
            byte[] output;
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new ExecResult(false, "command timed out after " + timeout.toSeconds() + "s");
            }
            output = process.getInputStream().readNBytes(1024);
            String text = new String(output, StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? new ExecResult(true, text)
                    : new ExecResult(false, "command exited with " + process.exitValue()
                            + (text.isEmpty() ? "" : ": " + text));
        } catch (IOException e) {
            return new ExecResult(false, "cannot run " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExecResult(false, "interrupted");
        }
    }

    private static Map<String, String> environment(LaunchRequest request) {
        Map<String, String> env = new java.util.LinkedHashMap<>(request.env());
        env.putIfAbsent("HOME", request.identity().home());
        env.put(CONTAINER_ID_VARIABLE, request.containerId());
        return env;
    }

    /**
     * The launch script. Every mount source is opened first and mounted through {@code /proc/self/fd/N}, because a
     * mountPath may hide the source's own path (a volume mounted at {@code /work} would hide a work directory under
     * {@code /work}); targets are mounted parents first, so nested mountPaths stay visible, and each target is
     * created just before its mount, inside whatever is mounted above it by then.
     *
     * <p>A target outside every volume is created in the file system everyone shares (a mountPath such as
     * {@code /var/lib/postgresql/data} that does not exist on this machine); the {@link MountPointJanitor} removes
     * it when the agent stops, if nothing uses it any more.
     */
    static String script(LaunchRequest request) {
        StringBuilder script = new StringBuilder()
                .append("#!/bin/bash\n")
                .append("# ").append(request.description()).append(' ').append(request.containerId()).append('\n')
                .append("# Runs in a private mount namespace (unshare --mount): these mounts are seen by this\n")
                .append("# container only. Generated by the Cairn local node agent.\n")
                .append("set -e\n")
                .append("exec ").append(MARKER_DESCRIPTOR).append('>')
                .append(quote(request.runDir().resolve(MOUNTED_MARKER).toString())).append('\n')
                .append("hostname ").append(quote(request.hostname())).append('\n');
        List<Mount> mounts = request.mounts().stream()
                .sorted(Comparator.comparingInt((Mount m) -> Path.of(m.target()).normalize().getNameCount()))
                .toList();
        List<String> closeDescriptors = new ArrayList<>();
        for (int i = 0; i < mounts.size(); i++) {
            int fd = FIRST_DESCRIPTOR + i;
            script.append("exec ").append(fd).append('<').append(quote(mounts.get(i).source().toString()))
                    .append('\n');
            closeDescriptors.add(fd + "<&-");
        }
        for (int i = 0; i < mounts.size(); i++) {
            Mount mount = mounts.get(i);
            String target = quote(mount.target());
            if (Files.isDirectory(mount.source())) {
                script.append("mkdir -p ").append(target).append('\n');
            } else {
                script.append("[ -e ").append(target).append(" ] || { mkdir -p \"$(dirname ").append(target)
                        .append(")\" && touch ").append(target).append("; }\n");
            }
            script.append("mount --bind /proc/self/fd/").append(FIRST_DESCRIPTOR + i).append(' ')
                    .append(quote(mount.target())).append('\n');
            if (mount.readOnly()) {
                script.append("mount -o remount,bind,ro ").append(quote(mount.target())).append('\n');
            }
        }
        script.append("echo mounted >&").append(MARKER_DESCRIPTOR).append('\n')
                .append("exec ").append(MARKER_DESCRIPTOR).append(">&-\n");
        script.append("cd ").append(quote(request.workingDir())).append('\n');
        List<String> exec = new ArrayList<>();
        if (!request.identity().isRoot()) {
            exec.addAll(dropPrivileges(request.identity()));
        }
        exec.addAll(request.command());
        script.append("exec ").append(exec.stream().map(ContainerLauncher::quote).collect(Collectors.joining(" ")));
        closeDescriptors.forEach(close -> script.append(' ').append(close));
        return script.append('\n').toString();
    }

    private static List<String> dropPrivileges(ProcessIdentity identity) {
        if (identity.isRoot()) {
            return List.of();
        }
        String groups = identity.groups().stream().map(String::valueOf).collect(Collectors.joining(","));
        return List.of("setpriv", "--reuid=" + identity.uid(), "--regid=" + identity.gid(), "--groups=" + groups,
                "--");
    }

    static String quote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }

    private static File existingDirectory(String dir) {
        File file = new File(dir);
        return file.isDirectory() ? file : new File("/");
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
