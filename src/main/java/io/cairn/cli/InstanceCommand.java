package io.cairn.cli;

import io.cairn.instance.InstanceManager;
import io.cairn.instance.SelfCommand;
import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.config.InstanceConfigException;
import io.cairn.instance.config.InstanceConfigReader;
import io.cairn.instance.config.InstanceEnvironment;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code cairn instance run}: the instance manager, PID 1 of a PostgreSQL pod. Configured by the pod's environment
 * and the JSON file it names (docs/instance-manager.md). Runs until SIGTERM, then stops PostgreSQL.
 */
@ApplicationScoped
class InstanceCommand {

    @Inject
    Instance<PrometheusMeterRegistry> prometheus;

    int run(String... options) {
        if (options.length != 1 || !"run".equals(options[0])) {
            System.err.println(
                    "Usage: cairn instance run   (configured by the environment; see " + "docs/instance-manager.md)");
            return 2;
        }
        InstanceEnvironment env;
        InstanceConfig config;
        try {
            env = InstanceEnvironment.from(System.getenv());
            config = InstanceConfigReader.read(env.configFile());
        } catch (InstanceConfigException e) {
            System.err.println("cairn instance run: " + e.getMessage());
            return 2;
        }
        InstanceManager manager = new InstanceManager(
                env,
                config,
                SelfCommand.detect(env.selfCommand()),
                () -> prometheus.isResolvable() ? prometheus.get().scrape() : "");
        // The JVM waits for shutdown hooks, not for this thread: stopping PostgreSQL must happen in one, or SIGTERM
        // would end the JVM while PostgreSQL is still shutting down.
        Runtime.getRuntime().addShutdownHook(new Thread(manager::shutdown, "instance-shutdown"));
        AtomicInteger exitCode = new AtomicInteger();
        manager.start(code -> {
            exitCode.set(code);
            Quarkus.asyncExit(code);
        });
        try {
            Quarkus.waitForExit();
        } finally {
            manager.shutdown();
        }
        return exitCode.get();
    }
}
