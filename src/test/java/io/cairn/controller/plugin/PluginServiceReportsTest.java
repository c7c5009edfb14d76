package io.cairn.controller.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.controller.plugin.PluginServiceReports.Outcome;
import io.cairn.controller.plugin.PluginServiceReports.Report;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Discovery tells each Service's outcome once, and waits longer and longer for a plugin that does not answer. */
class PluginServiceReportsTest {

    private static final String SERVICE = "cnpg-system/barman-cloud";
    private static final Outcome MISSING_SECRET = Outcome.warning(
            "ServerSecretNotFound",
            "Failed to get server secret barman-cloud-server-tls: secrets \"barman-cloud-server-tls\" not found");
    private static final Outcome UNREACHABLE =
            Outcome.retried("PluginRegistrationFailed", "Failed to register plugin p at s: UNAVAILABLE");
    private static final Outcome REGISTERED = Outcome.normal("PluginRegistered", "Registered plugin p version 1");

    private final PluginServiceReports reports = new PluginServiceReports(Duration.ofSeconds(5), Duration.ofMinutes(5));

    @Test
    void aRefusalIsToldOnceHoweverOftenTheServiceIsReconciledAndNotRetriedByItself() {
        Report first = reports.report(SERVICE, MISSING_SECRET);
        Report second = reports.report(SERVICE, MISSING_SECRET);

        assertThat(first.event()).contains(MISSING_SECRET);
        assertThat(first.retryAfter()).isEmpty();
        assertThat(second.event()).isEmpty();
        assertThat(second.retryAfter()).isEmpty();
    }

    @Test
    void anUnreachablePluginIsToldOnceAndTriedAgainAfterAWaitThatDoublesUpToTheLongest() {
        assertThat(reports.report(SERVICE, UNREACHABLE))
                .isEqualTo(new Report(Optional.of(UNREACHABLE), Optional.of(Duration.ofSeconds(5))));
        assertThat(reports.report(SERVICE, UNREACHABLE))
                .isEqualTo(new Report(Optional.empty(), Optional.of(Duration.ofSeconds(10))));
        assertThat(reports.report(SERVICE, UNREACHABLE).retryAfter()).contains(Duration.ofSeconds(20));
        for (int i = 0; i < 20; i++) {
            reports.report(SERVICE, UNREACHABLE);
        }
        assertThat(reports.report(SERVICE, UNREACHABLE))
                .isEqualTo(new Report(Optional.empty(), Optional.of(Duration.ofMinutes(5))));
    }

    @Test
    void eachChangeOfOutcomeIsToldAndASuccessStartsTheWaitsAfresh() {
        reports.report(SERVICE, MISSING_SECRET);
        reports.report(SERVICE, UNREACHABLE);
        reports.report(SERVICE, UNREACHABLE);

        assertThat(reports.report(SERVICE, REGISTERED))
                .isEqualTo(new Report(Optional.of(REGISTERED), Optional.empty()));
        assertThat(reports.report(SERVICE, REGISTERED).event()).isEmpty();
        assertThat(reports.report(SERVICE, UNREACHABLE))
                .isEqualTo(new Report(Optional.of(UNREACHABLE), Optional.of(Duration.ofSeconds(5))));
        assertThat(reports.report(SERVICE, MISSING_SECRET).event()).contains(MISSING_SECRET);
    }

    @Test
    void aForgottenServiceIsNewsAgainAndServicesAreToldApart() {
        reports.report(SERVICE, REGISTERED);
        reports.forget(SERVICE);

        assertThat(reports.report(SERVICE, REGISTERED).event()).contains(REGISTERED);
        assertThat(reports.report("cnpg-system/other", REGISTERED).event()).contains(REGISTERED);
    }
}
