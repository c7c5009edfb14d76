package io.cairn.controller.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** How the operator runs the instance manager in a Cluster's pods; see docs/configuration.md. */
@ConfigMapping(prefix = "cairn.instance")
public interface ClusterInstanceSettings {

    /**
     * The instance pod's command: the Cairn binary with {@code instance run}. Tests and the demo point it at
     * {@code java -jar <absolute target/quarkus-app/quarkus-run.jar> instance run}.
     */
    @WithDefault("/controller/manager,instance,run")
    List<String> command();

    /** The container image (a real kubelet needs one; the local node agent ignores it). */
    @WithDefault("ghcr.io/cloudnative-pg/postgresql:15")
    String image();

    /**
     * Whether the instance API is served over TLS with the certificates the operator issues per Cluster
     * ({@code <cluster>-ca}, {@code <cluster>-server}), verified by the operator against the Cluster's CA. The
     * production mode; {@code false} (plain HTTP) is only for debugging in the local runtime.
     */
    @WithDefault("true")
    boolean tls();

    /** How long the operator waits for an instance's {@code /pg/status} before calling it unreachable. */
    @WithDefault("2s")
    Duration statusTimeout();

    /** How often a Cluster is reconciled to refresh its instances' status without any event. */
    @WithDefault("10s")
    Duration statusRefresh();
}
