package io.cairn.local.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The files of a Secret, ConfigMap, downwardAPI or projected volume, written into the pod's volume directory with
 * their modes ({@code items[].mode}, else {@code defaultMode}, else 0644), and given to the pod's fsGroup when it has
 * one. They are written when the pod starts and not refreshed afterwards (a kubelet refreshes them within a minute).
 */
final class ProjectedFiles {

    static final int DEFAULT_MODE = 0644;

    record File(byte[] content, int mode) {
    }

    private final Map<String, File> files = new LinkedHashMap<>();

    void add(String relativePath, byte[] content, int mode) {
        files.put(relativePath, new File(content, mode));
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    /** Replaces the directory's content with these files. */
    void writeTo(Path dir, NodeDirectories directories, Optional<Integer> fsGroup) {
        directories.deleteTree(dir);
        NodeDirectories.create(dir);
        try {
            for (Map.Entry<String, File> entry : files.entrySet()) {
                Path file = dir.resolve(entry.getKey()).normalize();
                if (!file.startsWith(dir)) {
                    throw new IllegalArgumentException("path " + entry.getKey() + " leaves the volume");
                }
                Files.createDirectories(file.getParent());
                Files.write(file, entry.getValue().content());
                Files.setPosixFilePermissions(file, permissions(entry.getValue().mode()));
                if (fsGroup.isPresent()) {
                    Files.setAttribute(file, "unix:gid", fsGroup.get());
                }
            }
            if (fsGroup.isPresent()) {
                try (var paths = Files.walk(dir)) {
                    for (Path path : (Iterable<Path>) paths.filter(Files::isDirectory)::iterator) {
                        Files.setAttribute(path, "unix:gid", fsGroup.get());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write volume files into " + dir, e);
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                result.add(order[bit]);
            }
        }
        return result;
    }
}
