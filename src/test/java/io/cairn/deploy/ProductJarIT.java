package io.cairn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The packaged application holds the product only: the local runtime (control plane, node, object store) lives in
 * {@code local/} and the test sources, never in the binary users run.
 */
class ProductJarIT {

    @Test
    void theApplicationJarHoldsNoLocalRuntimeClass() throws IOException {
        List<String> classes;
        try (JarFile jar = new JarFile(applicationJar().toFile())) {
            classes = Collections.list(jar.entries()).stream().map(ZipEntry::getName)
                    .filter(name -> name.endsWith(".class")).toList();
        }
        assertThat(classes).contains("io/cairn/cli/CairnMain.class", "io/cairn/instance/InstanceManager.class")
                .noneMatch(name -> name.startsWith("io/cairn/local/"))
                .noneMatch(name -> name.contains("NodeAgent") || name.contains("ControlPlane")
                        || name.contains("ObjectStoreCommand"));
    }

    private static Path applicationJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target/quarkus-app/app"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("cairn-")
                    && f.getFileName().toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no application jar in target/quarkus-app/app"));
        }
    }
}
