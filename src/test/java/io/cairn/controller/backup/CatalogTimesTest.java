package io.cairn.controller.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.BackupMethod;
import io.cairn.instance.api.BarmanBackupInfo;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Cluster's recoverability window from barman's catalogue, per method and aggregated (spec 1.6 and 4.1). */
class CatalogTimesTest {

    @Test
    void theWindowRunsFromTheOldestCompleteBackupsEndToTheNewestsEnd() {
        CatalogTimes times = CatalogTimes.of(List.of(
                info("b2", "DONE", "2026-11-24T10:00:00Z", "2026-11-24T10:05:00Z"),
                info("b1", "DONE", "2026-11-23T10:00:00Z", "2026-11-23T10:05:00Z"),
                info("b3", "FAILED", "2026-11-25T10:00:00Z", null)));

        assertThat(times)
                .isEqualTo(
                        new CatalogTimes(Instant.parse("2026-11-23T10:05:00Z"), Instant.parse("2026-11-24T10:05:00Z")));
    }

    @Test
    void aCatalogueWithNoCompleteBackupHasNoWindow() {
        assertThat(CatalogTimes.of(List.of(info("b3", "FAILED", "2026-11-25T10:00:00Z", null))))
                .isEqualTo(new CatalogTimes(null, null));
    }

    @Test
    void theAggregatesAreTheEarliestFirstPointAndTheLatestSuccessOverMethods() {
        Map<String, Instant> first = new HashMap<>(Map.of("volumeSnapshot", Instant.parse("2026-11-20T00:00:00Z")));
        Map<String, Instant> last = new HashMap<>(Map.of("volumeSnapshot", Instant.parse("2026-11-26T00:00:00Z")));

        Map<String, Object> patch = ClusterBackupStatus.recoverability(
                BackupMethod.BARMAN_OBJECT_STORE,
                new CatalogTimes(Instant.parse("2026-11-23T10:05:00Z"), Instant.parse("2026-11-24T10:05:00Z")),
                first,
                last);

        assertThat(patch)
                .containsEntry("firstRecoverabilityPointByMethod", Map.of("barmanObjectStore", "2026-11-23T10:05:00Z"))
                .containsEntry("lastSuccessfulBackupByMethod", Map.of("barmanObjectStore", "2026-11-24T10:05:00Z"))
                .containsEntry("firstRecoverabilityPoint", "2026-11-20T00:00:00Z")
                .containsEntry("lastSuccessfulBackup", "2026-11-26T00:00:00Z");
    }

    @Test
    void anEmptyWindowRemovesTheMethodsKeys() {
        Map<String, Object> patch = ClusterBackupStatus.recoverability(
                BackupMethod.BARMAN_OBJECT_STORE,
                new CatalogTimes(null, null),
                new HashMap<>(Map.of("barmanObjectStore", Instant.EPOCH)),
                new HashMap<>(Map.of("barmanObjectStore", Instant.EPOCH)));

        assertThat(patch.get("firstRecoverabilityPointByMethod"))
                .isEqualTo(java.util.Collections.singletonMap("barmanObjectStore", null));
        assertThat(patch).containsEntry("firstRecoverabilityPoint", "").containsEntry("lastSuccessfulBackup", "");
    }

    private static BarmanBackupInfo info(String id, String status, String begin, String end) {
        return new BarmanBackupInfo(
                id,
                null,
                status,
                OffsetDateTime.parse(begin),
                end == null ? null : OffsetDateTime.parse(end),
                null,
                null,
                null,
                null,
                1,
                150018,
                null,
                null,
                null);
    }
}
