package io.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/golden/}: the test fails when the output differs. After a deliberate
 * change, regenerate with {@code ./mvnw test -Dcairn.golden.update=true} and review the diff in git.
 */
public final class Golden {

    private static final Path ROOT = Path.of("src/test/resources/golden");

    private Golden() {}

    public static void assertMatches(String name, String actual) {
        Path file = ROOT.resolve(name);
        try {
            if (Boolean.getBoolean("cairn.golden.update") || !Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
                if (!Boolean.getBoolean("cairn.golden.update")) {
                    throw new AssertionError("golden file " + file + " did not exist; written now, review it");
                }
                return;
            }
            assertThat(actual)
                    .as("golden file %s (regenerate with -Dcairn.golden.update=true)", file)
                    .isEqualTo(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
