package io.cairn.controller.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.cairn.testing.AlertTestSeries;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The backup metrics as Prometheus scrapes them: the names and labels the alerts' unit tests are written with. */
class BackupMetricsTest {

    @Test
    void exportsTheSeriesTheAlertsAreTestedWith() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        BackupMetrics metrics = new BackupMetrics();
        metrics.registry = registry;
        metrics.clock = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
        metrics.observe(backup("completes", "pending"));
        metrics.observe(backup("completes", "completed"));
        metrics.observe(backup("fails", "running"));
        metrics.observe(backup("fails", "failed"));
        metrics.observe(backup("waits", "walArchivingFailing"));

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("cairn_backup_phase{cluster=\"pg-main\",method=\"barmanObjectStore\","
                        + "namespace=\"prod\",phase=\"walArchivingFailing\",} 1.0");
        assertThat(AlertTestSeries.assertExported(
                        scrape, Pattern.compile("cairn_backups?_.*"), Set.of("job", "instance")))
                .isEqualTo(3);
    }

    private static Backup backup(String name, String phase) {
        return Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: %s, namespace: prod}
                spec: {cluster: {name: pg-main}}
                status:
                  phase: %s
                  startedAt: '2026-12-07T11:00:00Z'
                  stoppedAt: '2026-12-07T11:30:00Z'
                  reconciliationStartedAt: '2026-12-07T10:59:00Z'
                  reconciliationTerminatedAt: '2026-12-07T11:31:00Z'
                """.formatted(name, phase), Backup.class);
    }
}
