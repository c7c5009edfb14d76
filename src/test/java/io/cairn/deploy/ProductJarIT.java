package io.cairn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The packaged application holds the product only: the local runtime (control plane, node, object store) lives in
 * {@code local/} and the test sources, never in the binary users run; its roles are the product's.
 */
class ProductJarIT {

    @Test
    void theApplicationJarHoldsNoLocalRuntimeClass() throws IOException {
        List<String> classes;
        try (JarFile jar = new JarFile(applicationJar().toFile())) {
            classes = Collections.list(jar.entries()).stream()
                    .map(ZipEntry::getName)
                    .filter(name -> name.endsWith(".class"))
                    .toList();
        }
        assertThat(classes)
                .contains("io/cairn/cli/CairnMain.class", "io/cairn/instance/InstanceManager.class")
                .noneMatch(name -> name.startsWith("io/cairn/local/"))
                .noneMatch(name -> name.contains("NodeAgent")
                        || name.contains("ControlPlane")
                        || name.contains("ObjectStoreCommand"));
    }

    @Test
    void helpPrintsTheProductRolesAndOpensNoPort() throws IOException, InterruptedException {
        // With 8080 taken, a role that started Quarkus's HTTP server would fail to start.
        try (ServerSocket taken = bindOrNull(8080)) {
            Process help = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            "target/quarkus-app/quarkus-run.jar",
                            "help")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(help.exitValue()).as(output).isZero();
            assertThat(output)
                    .contains("operator", "instance run", "wal-archive", "wal-restore")
                    .doesNotContain("local-");
        }
    }

    /** A listener on the port, or null when something else already holds it (which serves the test as well). */
    private static ServerSocket bindOrNull(int port) {
        try {
            return new ServerSocket(port);
        } catch (IOException alreadyTaken) {
            return null;
        }
    }

    private static Path applicationJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target/quarkus-app/app"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("cairn-")
                            && f.getFileName().toString().endsWith(".jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no application jar in target/quarkus-app/app"));
        }
    }
}
