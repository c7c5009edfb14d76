package io.cairn.controller.plugin;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What discovery last said about each plugin Service, so that it says each thing once: an Event only when a
 * Service's outcome differs from its last one (a plugin that stays unreachable, or a Secret that stays missing, is
 * reported once, not on every attempt), and a wait before trying again an unreachable plugin that doubles with each
 * failure in a row, from {@code retryMin} up to {@code retryMax}.
 */
final class PluginServiceReports {

    /** An attempt's outcome, as its Event would say it; {@code retry}: try again later by itself. */
    record Outcome(boolean warning, String reason, String message, boolean retry) {

        static Outcome normal(String reason, String message) {
            return new Outcome(false, reason, message, false);
        }

        static Outcome warning(String reason, String message) {
            return new Outcome(true, reason, message, false);
        }

        static Outcome retried(String reason, String message) {
            return new Outcome(true, reason, message, true);
        }
    }

    /** What to do about an outcome: the Event to record, if any, and when to try again, if ever. */
    record Report(Optional<Outcome> event, Optional<Duration> retryAfter) {}

    private record Last(Outcome outcome, int failuresInARow) {}

    private final Duration retryMin;
    private final Duration retryMax;
    private final Map<String, Last> byService = new ConcurrentHashMap<>();

    PluginServiceReports(Duration retryMin, Duration retryMax) {
        this.retryMin = retryMin;
        this.retryMax = retryMax;
    }

    Report report(String service, Outcome outcome) {
        Last last = byService.get(service);
        int failures = outcome.retry() ? (last == null ? 0 : last.failuresInARow()) + 1 : 0;
        byService.put(service, new Last(outcome, failures));
        Optional<Outcome> event =
                last != null && last.outcome().equals(outcome) ? Optional.empty() : Optional.of(outcome);
        return new Report(event, outcome.retry() ? Optional.of(retryAfter(failures)) : Optional.empty());
    }

    /** The Service is gone or no longer a plugin's: its next outcome is news again. */
    void forget(String service) {
        byService.remove(service);
    }

    private Duration retryAfter(int failuresInARow) {
        Duration wait = retryMin;
        for (int i = 1; i < failuresInARow && wait.compareTo(retryMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(retryMax) > 0 ? retryMax : wait;
    }
}
