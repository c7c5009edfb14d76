package io.cairn.instance.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.instance.api.BarmanBackupInfo;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackupCatalogueTest {

    /** Three backups on timeline 1 and one on timeline 2, plus a failed one that is never chosen. */
    private static final BackupCatalogue CATALOGUE = new BackupCatalogue(List.of(
            backup("20261125T100000", "2026-11-25T10:00:10Z", "0/3000100", 1),
            backup("20261125T110000", "2026-11-25T11:00:10Z", "0/5000100", 1),
            backup("20261125T120000", "2026-11-25T12:00:10Z", "0/7000100", 1),
            backup("20261125T130000", "2026-11-25T13:00:10Z", "0/9000100", 2),
            new BarmanBackupInfo(
                    "20261125T140000",
                    null,
                    "FAILED",
                    time("2026-11-25T14:00:00Z"),
                    null,
                    null,
                    null,
                    "0/B000028",
                    null,
                    2,
                    150018,
                    null,
                    null,
                    "failure uploading data")));

    static Stream<Arguments> selections() {
        return Stream.of(
                Arguments.of("no target: the newest", selection(null, null, null, null), "20261125T130000"),
                Arguments.of(
                        "backupID: exactly that one",
                        selection("20261125T110000", null, null, null),
                        "20261125T110000"),
                Arguments.of(
                        "backupID wins over a target time",
                        selection("20261125T100000", "2026-11-25T12:30:00Z", null, null),
                        "20261125T100000"),
                Arguments.of(
                        "targetTime: the newest that ended before it",
                        selection(null, "2026-11-25T11:30:00Z", null, null),
                        "20261125T110000"),
                Arguments.of(
                        "targetTime equal to an end time: that backup",
                        selection(null, "2026-11-25T12:00:10Z", null, null),
                        "20261125T120000"),
                Arguments.of(
                        "targetTime with timeline 1",
                        selection(null, "2026-11-25T23:00:00Z", null, "1"),
                        "20261125T120000"),
                Arguments.of(
                        "targetTime with latest timeline",
                        selection(null, "2026-11-25T23:00:00Z", null, "latest"),
                        "20261125T130000"),
                Arguments.of(
                        "targetLSN: the newest that ended strictly before it",
                        selection(null, null, "0/7000100", null),
                        "20261125T110000"),
                Arguments.of("targetLSN after them all", selection(null, null, "1/0", null), "20261125T130000"),
                Arguments.of("timeline only", selection(null, null, null, "1"), "20261125T120000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selections")
    void choosesTheBackupToRestore(String rule, CatalogueSelection selection, String expected) {
        assertThat(CATALOGUE.select(selection).backupId()).isEqualTo(expected);
    }

    @Test
    void anUnknownOrFailedBackupIdIsNotFound() {
        assertThatThrownBy(() -> CATALOGUE.select(selection("20200101T000000", null, null, null)))
                .isInstanceOf(RecoveryException.class)
                .hasMessage("no backup found with ID 20200101T000000");
        assertThatThrownBy(() -> CATALOGUE.select(selection("20261125T140000", null, null, null)))
                .hasMessage("no backup found with ID 20261125T140000");
    }

    @Test
    void aTargetBeforeEveryBackupOrAnUnknownTimelineFindsNoBackup() {
        assertThatThrownBy(() -> CATALOGUE.select(selection(null, "2026-11-25T10:00:09Z", null, null)))
                .isInstanceOf(RecoveryException.class)
                .hasMessage("no target backup found");
        assertThatThrownBy(() -> CATALOGUE.select(selection(null, null, "0/3000100", null)))
                .hasMessage("no target backup found");
        assertThatThrownBy(() -> CATALOGUE.select(selection(null, null, null, "7")))
                .hasMessage("no target backup found");
        assertThatThrownBy(() -> new BackupCatalogue(List.of()).select(selection(null, null, null, null)))
                .hasMessage("no target backup found");
    }

    private static CatalogueSelection selection(String backupId, String targetTime, String targetLsn, String tli) {
        return new CatalogueSelection(backupId, targetTime == null ? null : time(targetTime), targetLsn, tli);
    }

    private static BarmanBackupInfo backup(String id, String end, String endLsn, int timeline) {
        OffsetDateTime endTime = time(end);
        return new BarmanBackupInfo(
                id,
                null,
                "DONE",
                endTime.minusSeconds(10),
                endTime,
                null,
                null,
                "0/1000028",
                endLsn,
                timeline,
                150018,
                null,
                null,
                null);
    }

    private static OffsetDateTime time(String text) {
        return OffsetDateTime.parse(text);
    }
}
