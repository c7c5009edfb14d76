package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The layout of the agent's work directory:
 *
 * <pre>
 * volumes/pvc-&lt;claim uid&gt;/                     one directory per PersistentVolumeClaim (survives pods)
 * pods/&lt;pod uid&gt;/volumes/&lt;kind&gt;/&lt;volume&gt;/    emptyDir, secret, configMap, downwardAPI files (deleted with the pod)
 * pods/&lt;pod uid&gt;/containers/&lt;container&gt;/      launch script and pid file of the current run
 * logs/&lt;namespace&gt;_&lt;pod&gt;_&lt;uid&gt;/&lt;container&gt;/&lt;restart&gt;.log   stdout and stderr (kubelet's /var/log/pods layout)
 * hosts/&lt;namespace&gt;                           the /etc/hosts that pods of that namespace see
 * </pre>
 */
final class NodeDirectories {

    private final Path root;

    NodeDirectories(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    Path volumes() {
        return root.resolve("volumes");
    }

    Path volume(String persistentVolumeName) {
        return volumes().resolve(persistentVolumeName);
    }

    Path pods() {
        return root.resolve("pods");
    }

    Path pod(String podUid) {
        return pods().resolve(podUid);
    }

    Path podVolume(String podUid, String kind, String volumeName) {
        return pod(podUid).resolve("volumes").resolve(kind).resolve(volumeName);
    }

    Path container(String podUid, String containerName) {
        return pod(podUid).resolve("containers").resolve(containerName);
    }

    Path log(Pod pod, String containerName, int restartCount) {
        String podDir = pod.getMetadata().getNamespace() + "_" + pod.getMetadata().getName() + "_"
                + pod.getMetadata().getUid();
        return root.resolve("logs").resolve(podDir).resolve(containerName).resolve(restartCount + ".log");
    }

    Path hostsFile(String namespace) {
        return root.resolve("hosts").resolve(namespace);
    }

    /** Creates a directory (and its parents). */
    static Path create(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes a directory tree inside the work directory; symbolic links are removed, never followed. Refuses paths
     * outside the work directory, so a bad PersistentVolume cannot make the agent delete elsewhere.
     */
    void deleteTree(Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IllegalArgumentException("refusing to delete " + target + " outside " + root);
        }
        if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(target, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + target, e);
        }
    }
}
