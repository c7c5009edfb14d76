package io.cairn.local.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Kills container processes that an earlier agent with the same work directory left running (it crashed or was
 * killed before it could stop them). A pid file alone is not trusted, since pids are reused: the process must
 * still carry the container id the agent gave it in its environment.
 */
final class OrphanReaper {

    private static final Logger LOG = Logger.getLogger(OrphanReaper.class);

    private OrphanReaper() {
    }

    static void reap(NodeDirectories directories) {
        if (!Files.isDirectory(directories.pods())) {
            return;
        }
        try (Stream<Path> files = Files.find(directories.pods(), 4,
                (path, attributes) -> path.getFileName().toString().equals("pid") && attributes.isRegularFile())) {
            files.forEach(OrphanReaper::reapOne);
        } catch (IOException e) {
            LOG.warnf("cannot look for orphaned processes in %s: %s", directories.pods(), e.getMessage());
        }
    }

    private static void reapOne(Path pidFile) {
        try {
            String[] fields = Files.readString(pidFile).trim().split(" ");
            long pid = Long.parseLong(fields[0]);
            String marker = ContainerLauncher.CONTAINER_ID_VARIABLE + "=" + fields[1];
            Path environ = Path.of("/proc", Long.toString(pid), "environ");
            if (Files.isReadable(environ) && List.of(new String(Files.readAllBytes(environ), StandardCharsets.UTF_8)
                    .split("\0")).contains(marker)) {
                LOG.warnf("killing process group %d left running by an earlier node agent (%s)", pid, fields[1]);
                ContainerProcess.killProcessGroup(pid);
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            Files.deleteIfExists(pidFile);
        } catch (IOException | RuntimeException e) {
            LOG.debugf("cannot check %s: %s", pidFile, e.getMessage());
        }
    }
}
