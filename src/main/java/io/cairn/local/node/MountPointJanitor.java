package io.cairn.local.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Mount targets that did not exist on this machine ({@code /var/lib/postgresql/data}, {@code /controller}) are
 * created by the launch script in the file system everyone shares. The janitor remembers them and, when the agent
 * stops, removes those that are empty and are not a mount point in any process's mount namespace: removing a
 * directory that is a mount point in another namespace would silently unmount it there (Linux detaches such
 * mounts), pulling a volume from under a running container of another agent on this machine.
 */
final class MountPointJanitor {

    private static final Logger LOG = Logger.getLogger(MountPointJanitor.class);

    private final Set<Path> created = new LinkedHashSet<>();

    /** Notes the parts of {@code target} that do not exist yet, before a launch script creates them. */
    synchronized void beforeMount(String target) {
        for (Path path = Path.of(target).toAbsolutePath().normalize(); path != null
                && !Files.exists(path, LinkOption.NOFOLLOW_LINKS); path = path.getParent()) {
            created.add(path);
        }
    }

    /** Removes what was created and is still empty and unused, deepest first. */
    synchronized void cleanUp() {
        if (created.isEmpty()) {
            return;
        }
        Set<Path> mountPoints = mountPointsOfAllProcesses();
        List<Path> paths = new ArrayList<>(created);
        paths.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        List<Path> removed = new ArrayList<>();
        for (Path path : paths) {
            if (mountPoints.contains(path)) {
                continue;
            }
            try {
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && Files.size(path) > 0) {
                    continue;
                }
                if (Files.deleteIfExists(path)) {
                    removed.add(path);
                }
            } catch (DirectoryNotEmptyException e) {
                // something else lives there now: leave it
            } catch (IOException e) {
                LOG.debugf("cannot remove mount point %s: %s", path, e.getMessage());
            }
        }
        created.clear();
        if (!removed.isEmpty()) {
            LOG.infof("removed mount points created for containers: %s", removed);
        }
    }

    private static Set<Path> mountPointsOfAllProcesses() {
        Set<Path> result = new HashSet<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(process -> {
                try {
                    for (String line : Files.readAllLines(process.resolve("mountinfo"), StandardCharsets.UTF_8)) {
                        String[] fields = line.split(" ");
                        if (fields.length > 4) {
                            result.add(Path.of(unescape(fields[4])));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            });
        } catch (IOException e) {
            LOG.debugf("cannot list processes: %s", e.getMessage());
        }
        return result;
    }

    /** mountinfo escapes space, tab, newline and backslash as octal ({@code \040}). */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
