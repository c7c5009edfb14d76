package io.cairn.instance.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.instance.api.BarmanBackupInfo;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class BarmanBackupListTest {

    @Test
    void readsBarmansJsonWithCtimeTimesInUtcAndFailedBackupsAsIncomplete() {
        BackupCatalogue catalogue = BarmanBackupList.parse("""
                {"backups_list": [
                  {"backup_id": "20261125T132600", "status": "DONE", "begin_time": "Wed Nov 25 13:26:00 2026",
                   "end_time": "Wed Nov 25 13:26:10 2026", "begin_wal": "000000010000000000000029",
                   "end_wal": "000000010000000000000029", "begin_xlog": "0/29000028", "end_xlog": "0/29000138",
                   "timeline": 1, "version": 150018, "server_name": "cloud", "error": null},
                  {"backup_id": "20261125T140000", "backup_name": "nightly", "status": "FAILED",
                   "begin_time": "Thu Nov  5 14:00:00 2026", "end_time": null, "end_xlog": null, "timeline": 1,
                   "error": "failure uploading data"}
                ]}""");
        assertThat(catalogue.backups()).hasSize(2);
        BarmanBackupInfo done = catalogue.backups().get(0);
        assertThat(done.endTime()).isEqualTo(OffsetDateTime.parse("2026-11-25T13:26:10Z"));
        assertThat(done.endLsn()).isEqualTo("0/29000138");
        assertThat(done.timeline()).isEqualTo(1);
        assertThat(done.complete()).isTrue();
        BarmanBackupInfo failed = catalogue.backups().get(1);
        assertThat(failed.beginTime()).isEqualTo(OffsetDateTime.parse("2026-11-05T14:00:00Z"));
        assertThat(failed.backupName()).isEqualTo("nightly");
        assertThat(failed.complete()).isFalse();
    }

    @Test
    void refusesWhatIsNotTheList() {
        assertThatThrownBy(() -> BarmanBackupList.parse("ERROR: Bucket nosuchbucket does not exist"))
                .isInstanceOf(RecoveryException.class);
        assertThatThrownBy(() -> BarmanBackupList.parse("{}")).hasMessageContaining("backups_list");
    }
}
