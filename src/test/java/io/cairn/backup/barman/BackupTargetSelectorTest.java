package io.cairn.backup.barman;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.BackupTarget;
import io.cairn.backup.barman.BackupTargetSelector.Candidate;
import io.cairn.backup.barman.BackupTargetSelector.Election;
import io.cairn.instance.api.client.FakeInstanceClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Product decision 4: the most up-to-date ready standby, else the primary; {@code primary} means the primary. */
class BackupTargetSelectorTest {

    private static final Candidate PRIMARY = new Candidate("pg-1", true, FakeInstanceClient.primary("s1", null));

    @Test
    void preferStandbyPicksTheStandbyThatReceivedTheMostWal() {
        List<Candidate> candidates = List.of(
                PRIMARY,
                standby("pg-2", "0/5000000", "0/5000000"),
                standby("pg-3", "0/6000000", "0/4000000"),
                standby("pg-4", "0/10", "0/10"));

        assertThat(BackupTargetSelector.elect(BackupTarget.PREFER_STANDBY, "pg-1", candidates))
                .contains(new Election("pg-3", false));
    }

    @Test
    void lsnsCompareAsNumbersNotAsText() {
        List<Candidate> candidates = List.of(
                PRIMARY,
                standby("pg-2", "0/9000000", "0/9000000"),
                standby("pg-3", "1/0", "1/0"),
                standby("pg-4", "0/A000000", "0/A000000"));

        assertThat(BackupTargetSelector.elect(null, "pg-1", candidates)).contains(new Election("pg-3", false));
    }

    @Test
    void equalReceivedLsnsAreDecidedByTheReplayedLsnThenByName() {
        assertThat(BackupTargetSelector.elect(
                        BackupTarget.PREFER_STANDBY,
                        "pg-1",
                        List.of(
                                PRIMARY,
                                standby("pg-2", "0/5000000", "0/4000000"),
                                standby("pg-3", "0/5000000", "0/5000000"))))
                .contains(new Election("pg-3", false));
        assertThat(BackupTargetSelector.elect(
                        BackupTarget.PREFER_STANDBY,
                        "pg-1",
                        List.of(
                                PRIMARY,
                                standby("pg-3", "0/5000000", "0/5000000"),
                                standby("pg-2", "0/5000000", "0/5000000"))))
                .contains(new Election("pg-2", false));
    }

    @Test
    void standbysWhosePodIsNotReadyOrWhoseInstanceIsNotReadyOrSilentAreSkipped() {
        List<Candidate> candidates = List.of(
                PRIMARY,
                new Candidate("pg-2", false, FakeInstanceClient.replica("s2", "0/9000000", "0/9000000")),
                new Candidate(
                        "pg-3",
                        true,
                        FakeInstanceClient.status("s3", "replica", false, null, "0/9000000", "0/9000000", null, null)),
                new Candidate("pg-4", true, null),
                standby("pg-5", "0/1000000", "0/1000000"));

        assertThat(BackupTargetSelector.elect(BackupTarget.PREFER_STANDBY, "pg-1", candidates))
                .contains(new Election("pg-5", false));
    }

    @Test
    void withNoUsableStandbyPreferStandbyFallsBackToThePrimary() {
        assertThat(BackupTargetSelector.elect(
                        BackupTarget.PREFER_STANDBY, "pg-1", List.of(PRIMARY, new Candidate("pg-2", false, null))))
                .contains(new Election("pg-1", true));
    }

    @Test
    void targetPrimaryAlwaysPicksThePrimary() {
        assertThat(BackupTargetSelector.elect(
                        BackupTarget.PRIMARY, "pg-1", List.of(standby("pg-2", "0/9000000", "0/9000000"), PRIMARY)))
                .contains(new Election("pg-1", true));
    }

    @Test
    void noReadyInstanceElectsNobody() {
        assertThat(BackupTargetSelector.elect(
                        BackupTarget.PRIMARY,
                        "pg-1",
                        List.of(new Candidate("pg-1", true, null), standby("pg-2", "0/1", "0/1"))))
                .isEmpty();
        assertThat(BackupTargetSelector.elect(BackupTarget.PREFER_STANDBY, "pg-1", List.of()))
                .isEmpty();
    }

    private static Candidate standby(String name, String received, String replayed) {
        return new Candidate(name, true, FakeInstanceClient.replica("s-" + name, received, replayed));
    }
}
