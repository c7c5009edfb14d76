package io.cairn.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.ClusterStatus;
import io.cairn.controller.cluster.ClusterStatusFactory.ObservedInstance;
import io.cairn.instance.api.BackupTimes;
import io.cairn.instance.api.client.FakeInstanceClient;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupTimesPublisherTest {

    private static ClusterStatus status(String firstRecoverabilityPoint, String lastSuccessful, String lastFailed) {
        return new ClusterStatus(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                firstRecoverabilityPoint,
                null,
                lastSuccessful,
                null,
                lastFailed,
                null);
    }

    @Test
    void everyReadyInstanceGetsTheClusterStatusBackupTimes() {
        FakeInstanceClient fake = new FakeInstanceClient();
        fake.refusingBackupTimes = "127.0.0.11";
        new BackupTimesPublisher(fake)
                .publish(
                        status("2026-11-25T10:00:00Z", "2026-11-25T11:00:00Z", null),
                        List.of(
                                new ObservedInstance("pg-1", true, "127.0.0.10", null),
                                new ObservedInstance("pg-2", true, "127.0.0.11", null),
                                new ObservedInstance("pg-3", false, "127.0.0.12", null),
                                new ObservedInstance("pg-4", true, null, null)));

        BackupTimes expected = new BackupTimes(
                OffsetDateTime.parse("2026-11-25T10:00:00Z"), OffsetDateTime.parse("2026-11-25T11:00:00Z"), null);
        assertThat(fake.backupTimes).containsExactly("127.0.0.10 " + expected, "127.0.0.11 " + expected);
    }

    @Test
    void timesThatAreAbsentOrUnreadableAreSentAsNull() {
        assertThat(BackupTimesPublisher.times(status(null, "not a time", "2026-11-25T12:00:00Z")))
                .isEqualTo(new BackupTimes(null, null, OffsetDateTime.parse("2026-11-25T12:00:00Z")));
    }
}
