package io.cairn.cli;

import io.cairn.local.LocalRuntimeConfig;
import io.cairn.local.objectstore.LocalObjectStore;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cairn local-object-store [--work-dir DIR] [--port N] [--bucket NAME ...]}: runs S3Proxy on loopback (a free
 * port unless given), prints the endpoint and the credentials to export, and runs until stopped.
 */
@ApplicationScoped
class LocalObjectStoreCommand {

    @Inject
    LocalRuntimeConfig config;

    int run(String... options) {
        Path workDir = null;
        Integer port = null;
        List<String> buckets = new ArrayList<>();
        for (int i = 0; i < options.length; i++) {
            String option = options[i];
            boolean hasValue = i + 1 < options.length;
            if (option.equals("--work-dir") && hasValue) {
                workDir = Path.of(options[++i]);
            } else if (option.equals("--port") && hasValue) {
                port = Integer.parseInt(options[++i]);
            } else if (option.equals("--bucket") && hasValue) {
                buckets.add(options[++i]);
            } else {
                System.err.println("cairn local-object-store: unknown option " + option
                        + "\nUsage: cairn local-object-store [--work-dir DIR] [--port N] [--bucket NAME ...]");
                return 2;
            }
        }
        try {
            workDir = workDir != null ? Files.createDirectories(workDir)
                    : Files.createTempDirectory("cairn-object-store-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] names = buckets.toArray(String[]::new);
        try (LocalObjectStore store = port == null ? LocalObjectStore.start(config.s3proxyJar(), workDir, names)
                : LocalObjectStore.start(config.s3proxyJar(), workDir, port, names)) {
            System.out.printf("S3 endpoint %s (buckets %s, data in %s)%n", store.endpointUrl(), buckets,
                    workDir.resolve("data"));
            StringBuilder exports = new StringBuilder("export");
            store.awsEnvironment().forEach((name, value) -> exports.append(' ').append(name).append('=').append(value));
            System.out.println(exports);
            // The JVM waits for shutdown hooks, not for this thread: stop S3Proxy in one.
            Runtime.getRuntime().addShutdownHook(new Thread(store::close, "object-store-shutdown"));
            Quarkus.waitForExit();
        }
        return 0;
    }
}
