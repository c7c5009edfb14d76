package io.cairn.controller.scheduledbackup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.AlertTestSeries;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The schedule metrics as Prometheus scrapes them: the names and labels the alerts' unit tests are written with. */
class ScheduledBackupMetricsTest {

    private static final Instant SLOT = Instant.parse("2026-12-07T00:00:00Z");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScheduledBackupMetrics metrics = new ScheduledBackupMetrics();

    ScheduledBackupMetricsTest() {
        metrics.registry = registry;
    }

    @Test
    void exportsTheSeriesTheAlertsAreTestedWith() {
        nightlyCaughtUpAfterTwoMissedSlots();
        metrics.adoptionRefused("prod", "hourly");
        metrics.scheduleError("prod", "weekly", "InvalidTimeZone");

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("cairn_scheduled_backup_missed_slots_total{namespace=\"prod\","
                        + "scheduled_backup=\"nightly\",} 2.0");
        assertThat(AlertTestSeries.assertExported(
                        scrape, Pattern.compile("cairn_scheduled_backup_.*"), Set.of("job", "instance")))
                .isEqualTo(5);
    }

    @Test
    void aDeletedScheduleLeavesNoSeriesBehind() {
        nightlyCaughtUpAfterTwoMissedSlots();
        metrics.backupCreated("prod", "hourly", SLOT, SLOT.plusSeconds(1), false);

        metrics.forget("prod", "nightly");

        assertThat(registry.scrape())
                .doesNotContain("scheduled_backup=\"nightly\"")
                .contains("scheduled_backup=\"hourly\"");
    }

    private void nightlyCaughtUpAfterTwoMissedSlots() {
        metrics.nextRun("prod", "nightly", SLOT.plusSeconds(86400));
        metrics.backupCreated("prod", "nightly", SLOT, SLOT.plusSeconds(3), true);
        metrics.slotsMissed("prod", "nightly", 2);
    }
}
