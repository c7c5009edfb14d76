package io.cairn.metrics;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The operator SDK's reconciliation metrics, per controller only. The Quarkus Operator SDK's default producer also
 * collects them per resource: three timers and about ten meter ids for every object ever reconciled, kept for
 * finished Backups too, which at 11,000 objects was a third of the heap. Nothing (docs/metrics.md, the alerts, the
 * dashboards) reads the per-resource series.
 */
public class ReconciliationMetricsProducer {

    @Produces
    @Singleton
    Metrics reconciliationMetrics(MeterRegistry registry) {
        return MicrometerMetrics.newMicrometerMetricsBuilder(registry)
                .notCollectingMetricsPerResource()
                .build();
    }
}
