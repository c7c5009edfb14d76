package io.cairn.local.node;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A block of this agent's service names in the machine's hosts file (normally /etc/hosts), so that processes
 * outside pods (tests, the demo, people) reach services by name. Only fully qualified names are written
 * ({@code <svc>.<ns>}, {@code .svc}, {@code .svc.cluster.local}): a bare service name is only meaningful inside its
 * namespace, which pods get from their own hosts file.
 *
 * <p>The file is edited in place (it may itself be a bind mount), under a lock shared by the agents of this machine,
 * between markers that carry the agent's id and pid; blocks of agents whose process is gone (or of earlier agents
 * of this process) are removed, and this agent's block is removed when it stops.
 */
final class SystemHostsFile implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SystemHostsFile.class);
    private static final String MARKER = "# cairn-local-node-agent ";
    private static final Pattern BEGIN = Pattern.compile(Pattern.quote(MARKER) + "begin (\\S+) pid (\\d+)");

    private final Path file;
    private final Path lock;
    private final String agentId;
    private final long pid = ProcessHandle.current().pid();
    private List<PodHostsFiles.ServiceEntry> written = List.of();

    SystemHostsFile(Path file, Path lockDir, String agentId) {
        this.file = file;
        this.lock = NodeDirectories.create(lockDir).resolve("hosts.lock");
        this.agentId = agentId;
        edit(List.of());
    }

    /** Replaces this agent's block with these services. */
    synchronized void services(List<PodHostsFiles.ServiceEntry> entries) {
        if (!entries.equals(written)) {
            edit(entries);
        }
    }

    @Override
    public synchronized void close() {
        edit(List.of());
    }

    private void edit(List<PodHostsFiles.ServiceEntry> entries) {
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            List<String> kept = withoutStaleAndOwnBlocks(Files.readAllLines(file));
            if (!entries.isEmpty()) {
                kept.add(MARKER + "begin " + agentId + " pid " + pid);
                for (PodHostsFiles.ServiceEntry entry : entries) {
                    kept.add(entry.address() + "\t" + String.join(" ", PodHostsFiles.names(entry)));
                }
                kept.add(MARKER + "end " + agentId);
            }
            String content = kept.isEmpty() ? "" : String.join("\n", kept) + "\n";
            if (!content.equals(Files.readString(file))) {
                Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            }
            written = List.copyOf(entries);
        } catch (IOException e) {
            LOG.warnf("cannot update %s with the service names: %s", file, e.getMessage());
        }
    }

    /** Drops this agent's block and the blocks of agents that no longer run. */
    private List<String> withoutStaleAndOwnBlocks(List<String> lines) {
        List<String> kept = new ArrayList<>();
        boolean skipping = false;
        for (String line : lines) {
            Matcher begin = BEGIN.matcher(line);
            if (begin.matches()) {
                long owner = Long.parseLong(begin.group(2));
                boolean alive = owner != pid && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
                skipping = begin.group(1).equals(agentId) || !alive;
                if (!skipping) {
                    kept.add(line);
                }
            } else if (line.startsWith(MARKER + "end ")) {
                if (!skipping) {
                    kept.add(line);
                }
                skipping = false;
            } else if (!skipping) {
                kept.add(line);
            }
        }
        return kept;
    }
}
