package io.cairn.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A test class's work directory (PGDATAs, logs, object store data): deleted after the class, or kept, and its path
 * printed, when a test failed, for its logs. Registered with {@code @RegisterExtension}; the class calls
 * {@link #cleanUp} last.
 */
public final class KeptOnFailure implements TestWatcher {

    private final String label;
    private volatile boolean failed;

    /** {@code label} prefixes what is printed, e.g. {@code instance IT}. */
    public KeptOnFailure(String label) {
        this.label = label;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        failed = true;
    }

    public void cleanUp(Path work) {
        if (work == null) {
            return;
        }
        if (failed) {
            System.out.printf("[%s] a step failed: logs kept in %s%n", label, work);
            return;
        }
        try (Stream<Path> tree = Files.walk(work)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.out.printf("[%s] could not delete %s: %s%n", label, work, e);
        }
    }
}
