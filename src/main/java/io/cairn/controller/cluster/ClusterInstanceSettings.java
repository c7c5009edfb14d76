package io.cairn.controller.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the operator runs the instance manager in a Cluster's pods; see docs/configuration.md. */
@ConfigMapping(prefix = "cairn.instance")
public interface ClusterInstanceSettings {

    /** The PostgreSQL image of instance pods when the Cluster names no {@code imageName}. */
    @WithDefault("ghcr.io/cloudnative-pg/postgresql:15")
    String image();

    /**
     * The operator's own image: each instance pod's init container copies the Cairn launcher and its runtime from
     * it into {@code /controller}, where the PostgreSQL container runs it (as CloudNativePG does).
     */
    @WithDefault("ghcr.io/cairn-io/cairn:${quarkus.application.version}")
    String managerImage();

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
