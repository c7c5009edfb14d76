package io.cairn.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real Barman Cloud plugin as {@code local/plugin-barman-cloud.sh} builds it from the Go module proxy, unchanged:
 * its binary and the manifests of its release. The tests fail, naming the script, when it was not built.
 */
final class BarmanCloudPlugin {

    /** The plugin's name, as its Identity service says and as Clusters and Backups refer to it. */
    static final String NAME = "barman-cloud.cloudnative-pg.io";

    private static final Path SCRIPT = Path.of("local", "plugin-barman-cloud.sh");

    private BarmanCloudPlugin() {}

    /** The directory of the build: {@code manager}, {@code crd/}, {@code rbac/}, {@code kubernetes/}. */
    static Path directory() {
        Path directory;
        try {
            Process process = new ProcessBuilder(SCRIPT.toString(), "--path")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes()).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(SCRIPT + " --path failed: " + out);
            }
            directory = Path.of(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (!Files.isExecutable(directory.resolve("manager"))) {
            throw new AssertionError(directory.resolve("manager") + " is missing: run " + SCRIPT
                    + " (local/test runs it before the suite)");
        }
        return directory;
    }

    static Path manager() {
        return directory().resolve("manager");
    }

    /** The release's ObjectStore CRD ({@code barmancloud.cnpg.io/v1}). */
    static Path objectStoreCrd() {
        return directory().resolve("crd").resolve("barmancloud.cnpg.io_objectstores.yaml");
    }
}
