package io.cairn.instance.barman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.instance.api.BarmanBackupInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On output captured from barman-cloud 3.4.0 (Debian 12) against S3Proxy, run with TZ=UTC. */
class BarmanBackupJsonTest {

    @Test
    void showOfACompletedPrimaryBackup() {
        BarmanBackupInfo info = BarmanBackupJson.show(resource("backup-show-primary.json"));
        assertThat(info)
                .isEqualTo(new BarmanBackupInfo(
                        "20261125T175220",
                        "backup-20261125180000",
                        "DONE",
                        OffsetDateTime.parse("2026-11-25T17:52:20Z"),
                        OffsetDateTime.parse("2026-11-25T17:52:21Z"),
                        "000000010000000000000006",
                        "000000010000000000000006",
                        "0/6000028",
                        "0/6000100",
                        1,
                        150018,
                        null,
                        null,
                        null));
        assertThat(info.complete()).isTrue();
    }

    @Test
    void listWithACompressedAndAFailedBackup() {
        List<BarmanBackupInfo> catalog = BarmanBackupJson.list(resource("backup-list-with-failed.json"));
        assertThat(catalog)
                .extracting(BarmanBackupInfo::backupId)
                .containsExactly("20261125T175220", "20261125T175229", "20261125T175231");
        assertThat(catalog)
                .extracting(BarmanBackupInfo::backupName)
                .containsExactly("backup-20261125180000", "bz", "sn");
        BarmanBackupInfo failed = catalog.get(2);
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.endTime()).isNull();
        assertThat(failed.error()).isEqualTo("failure uploading data (Missing required python module: python-snappy)");
        assertThat(failed.complete()).isFalse();
        assertThat(catalog.get(1).compression())
                .as("barman 3.4 reports None even for a bzip2 backup")
                .isNull();
    }

    @Test
    void emptyCatalog() {
        assertThat(BarmanBackupJson.list("{\"backups_list\": []}")).isEmpty();
    }

    @Test
    void ctimeWithASpacePaddedDayIsUtc() {
        BarmanBackupInfo info = BarmanBackupJson.show("""
                {"cloud": {"backup_id": "20260305T010203", "begin_time": "Thu Mar  5 01:02:03 2026",
                           "end_time": "Thu Mar  5 01:09:00 2026", "status": "DONE"}}""");
        assertThat(info.beginTime()).isEqualTo(OffsetDateTime.parse("2026-03-05T01:02:03Z"));
        assertThat(info.endTime()).isEqualTo(OffsetDateTime.parse("2026-03-05T01:09:00Z"));
    }

    @Test
    void isoTimesOfLaterBarmanWin() {
        BarmanBackupInfo info = BarmanBackupJson.show("""
                {"cloud": {"backup_id": "x", "begin_time": "Thu Mar  5 01:02:03 2026",
                           "begin_time_iso": "2026-03-05T02:02:03.5+01:00", "end_time": null}}""");
        assertThat(info.beginTime()).isEqualTo(OffsetDateTime.parse("2026-03-05T02:02:03.5+01:00"));
        assertThat(info.endTime()).isNull();
    }

    @Test
    void somethingElseIsAClearError() {
        assertThatThrownBy(() -> BarmanBackupJson.show("Backup ID  End Time")).hasMessageContaining("no JSON");
        assertThatThrownBy(() -> BarmanBackupJson.list("{\"cloud\": {}}")).hasMessageContaining("backups_list");
        assertThatThrownBy(() -> BarmanBackupJson.show("{\"cloud\": {\"begin_time\": \"yesterday\"}}"))
                .hasMessageContaining("begin_time");
    }

    static String resource(String name) {
        try (InputStream in = BarmanBackupJsonTest.class.getResourceAsStream("/barman/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
