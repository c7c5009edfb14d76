package io.cairn.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of {@code cairn operator}; see docs/configuration.md. */
@ConfigMapping(prefix = "cairn.operator")
public interface OperatorConfig {

    LeaderElection leaderElection();

    /**
     * The least time between two full collections the operator asks for to give heap back after a burst (see
     * {@code HeapTrim}); 0 turns them off.
     */
    @WithDefault("10m")
    Duration heapTrimInterval();

    /** Only the holder of a Lease reconciles, so two replicas never schedule the same slot twice. */
    interface LeaderElection {

        @WithDefault("cairn-operator-lock")
        String leaseName();

        /** The operator's own namespace (the Downward API's POD_NAMESPACE in a cluster). */
        @WithDefault("${POD_NAMESPACE:cnpg-system}")
        String leaseNamespace();

        @WithDefault("15s")
        Duration leaseDuration();

        @WithDefault("10s")
        Duration renewDeadline();

        @WithDefault("2s")
        Duration retryPeriod();

        /** Who holds the lease; must differ between replicas. Default: the pod name, else host name and PID. */
        Optional<String> identity();
    }
}
