package io.cairn.controller.scheduledbackup;

import static io.cairn.controller.scheduledbackup.ScheduleDecision.Activation.unspread;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.CatchUpPolicy;
import io.cairn.api.v1.LocalObjectReference;
import io.cairn.api.v1.ScheduledBackupSpec;
import io.cairn.api.v1.ScheduledBackupStatus;
import io.cairn.controller.scheduledbackup.ScheduleDecision.Activation;
import io.cairn.controller.scheduledbackup.ScheduleDecision.Invalid;
import io.cairn.controller.scheduledbackup.ScheduleDecision.NeverFires;
import io.cairn.controller.scheduledbackup.ScheduleDecision.Skip;
import io.cairn.controller.scheduledbackup.ScheduleDecision.StartTracking;
import io.cairn.controller.scheduledbackup.ScheduleDecision.Suspended;
import io.cairn.controller.scheduledbackup.ScheduleDecision.TakeBackup;
import io.cairn.controller.scheduledbackup.ScheduleDecision.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What a ScheduledBackup calls for, given its spec, its status and the time. */
class ScheduleEvaluatorTest {

    private static final Instant CREATED = Instant.parse("2026-11-25T10:00:00.400Z");
    private static final Instant NOW = Instant.parse("2026-11-25T10:30:17Z");
    private static final String UID = "5f0c6d1e-7a43-4c36-9d6b-2f8e1a9b0c11";

    @Nested
    class InvalidSchedules {

        @Test
        void anUnparsableScheduleIsRefusedWithTheParsersMessage() {
            ScheduleDecision decision = decide(spec("0 0 25 * * *"), null, NOW);

            assertThat(decision).isInstanceOf(Invalid.class);
            assertThat(((Invalid) decision).reason()).isEqualTo("InvalidSchedule");
            assertThat(((Invalid) decision).message())
                    .startsWith("schedule '0 0 25 * * *' is not valid: ")
                    .contains("above maximum (23)");
        }

        @Test
        void anUnknownTimeZoneIsRefused() {
            ScheduleDecision decision = decide(spec("0 0 0 * * *").withTimeZone("Mars/Olympus_Mons"), null, NOW);

            assertThat(decision).isEqualTo(new Invalid("InvalidTimeZone", ((Invalid) decision).message()));
            assertThat(((Invalid) decision).message()).contains("Mars/Olympus_Mons");
        }

        @Test
        void anInvalidScheduleIsRefusedEvenWhenSuspended() {
            assertThat(decide(spec("nonsense").suspended(), null, NOW)).isInstanceOf(Invalid.class);
        }
    }

    @Nested
    class FirstLook {

        @Test
        void withoutImmediateStartsCountingFromNow() {
            assertThat(decide(spec("0 0 0 * * *"), null, NOW))
                    .isEqualTo(new StartTracking(unspread(Instant.parse("2026-11-26T00:00:00Z"))));
        }

        @Test
        void withImmediateTakesABackupNamedAfterTheCreationSecond() {
            assertThat(decide(spec("0 0 0 * * *").immediately(), null, NOW))
                    .isEqualTo(new TakeBackup(
                            Instant.parse("2026-11-25T10:00:00Z"),
                            true,
                            0,
                            0,
                            unspread(Instant.parse("2026-11-26T00:00:00Z"))));
        }

        @Test
        void aScheduleThatNeverFiresIsReported() {
            assertThat(decide(spec("0 0 0 30 2 *"), null, NOW)).isInstanceOf(NeverFires.class);
        }
    }

    @Nested
    class FollowingTheSchedule {

        @Test
        void waitsForTheNextSlotAfterTheLastCheck() {
            assertThat(decide(spec("0 0 * * * *"), checkedAt("2026-11-25T10:00:00Z"), NOW))
                    .isEqualTo(new Wait(unspread(Instant.parse("2026-11-25T11:00:00Z"))));
        }

        @Test
        void aSlotThatHasComeIsTakenWithNothingMissed() {
            assertThat(decide(spec("0 */10 * * * *"), checkedAt("2026-11-25T10:20:00Z"), NOW))
                    .isEqualTo(new TakeBackup(
                            Instant.parse("2026-11-25T10:30:00Z"),
                            false,
                            0,
                            0,
                            unspread(Instant.parse("2026-11-25T10:40:00Z"))));
        }

        @Test
        void aSlotExactlyNowIsDue() {
            assertThat(decide(
                            spec("0 30 10 * * *"),
                            checkedAt("2026-11-25T09:00:00Z"),
                            Instant.parse("2026-11-25T10:30:00Z")))
                    .isEqualTo(new TakeBackup(
                            Instant.parse("2026-11-25T10:30:00Z"),
                            false,
                            0,
                            0,
                            unspread(Instant.parse("2026-11-26T10:30:00Z"))));
        }

        @Test
        void slotsMissedWhileDownCollapseIntoOneCatchUpForTheFirstMissedSlot() {
            assertThat(decide(spec("0 * * * * *"), checkedAt("2026-11-25T10:20:30Z"), NOW))
                    .isEqualTo(new TakeBackup(
                            Instant.parse("2026-11-25T10:21:00Z"),
                            false,
                            9,
                            0,
                            unspread(Instant.parse("2026-11-25T10:31:00Z"))));
        }

        @Test
        void aSuspendedScheduleDoesNothing() {
            assertThat(decide(spec("0 * * * * *").suspended(), checkedAt("2026-11-25T10:20:30Z"), NOW))
                    .isInstanceOf(Suspended.class);
        }

        @Test
        void afterResumingAtMostOneCatchUpIsTaken() {
            ScheduleDecision decision = decide(spec("* * * * * *"), checkedAt("2026-11-24T10:30:17Z"), NOW);

            assertThat(decision)
                    .isEqualTo(new TakeBackup(
                            Instant.parse("2026-11-24T10:30:18Z"),
                            false,
                            86_399,
                            0,
                            unspread(Instant.parse("2026-11-25T10:30:18Z"))));
        }

        @Test
        void countingMissedSlotsStopsAtALimit() {
            ScheduleDecision decision = decide(spec("* * * * * *"), checkedAt("2026-11-20T10:30:17Z"), NOW);

            assertThat(((TakeBackup) decision).missedSlots()).isEqualTo(ScheduleEvaluator.MISSED_SLOTS_COUNT_LIMIT);
        }
    }

    @Nested
    class TimeZones {

        @Test
        void theScheduleIsEvaluatedInItsTimeZone() {
            assertThat(decide(spec("0 0 2 * * *").withTimeZone("Europe/Paris"), null, NOW))
                    .isEqualTo(new StartTracking(unspread(Instant.parse("2026-11-26T01:00:00Z"))));
        }

        @Test
        void summerTimeIsHonoured() {
            assertThat(decide(
                            spec("0 0 2 * * *").withTimeZone("Europe/Paris"),
                            null,
                            Instant.parse("2026-07-01T12:00:00Z")))
                    .isEqualTo(new StartTracking(unspread(Instant.parse("2026-07-02T00:00:00Z"))));
        }

        @Test
        void utcIsTheDefault() {
            assertThat(decide(spec("0 0 2 * * *"), null, NOW))
                    .isEqualTo(new StartTracking(unspread(Instant.parse("2026-11-26T02:00:00Z"))));
        }
    }

    private static ScheduleDecision decide(SpecBuilder spec, ScheduledBackupStatus status, Instant now) {
        return ScheduleEvaluator.decide(spec.build(), status, UID, CREATED, now);
    }

    private static ScheduledBackupStatus checkedAt(String lastCheckTime) {
        return checkedAt(lastCheckTime, null);
    }

    private static ScheduledBackupStatus checkedAt(String lastCheckTime, String lastScheduleTime) {
        return new ScheduledBackupStatus(
                1L,
                Instant.parse(lastCheckTime),
                lastScheduleTime == null ? null : Instant.parse(lastScheduleTime),
                null,
                null,
                null,
                null);
    }

    private static SpecBuilder spec(String schedule) {
        return new SpecBuilder(schedule, false, false, null, null, null);
    }

    private record SpecBuilder(
            String schedule,
            boolean suspend,
            boolean immediate,
            String timeZone,
            String spreadWindow,
            CatchUpPolicy catchUp) {
        SpecBuilder suspended() {
            return new SpecBuilder(schedule, true, immediate, timeZone, spreadWindow, catchUp);
        }

        SpecBuilder immediately() {
            return new SpecBuilder(schedule, suspend, true, timeZone, spreadWindow, catchUp);
        }

        SpecBuilder withTimeZone(String zone) {
            return new SpecBuilder(schedule, suspend, immediate, zone, spreadWindow, catchUp);
        }

        SpecBuilder spreadOver(String window) {
            return new SpecBuilder(schedule, suspend, immediate, timeZone, window, catchUp);
        }

        SpecBuilder catchUp(CatchUpPolicy policy) {
            return new SpecBuilder(schedule, suspend, immediate, timeZone, spreadWindow, policy);
        }

        ScheduledBackupSpec build() {
            return new ScheduledBackupSpec(
                    suspend,
                    immediate,
                    schedule,
                    new LocalObjectReference("pg"),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    timeZone,
                    spreadWindow,
                    catchUp);
        }
    }

    @Nested
    class SpreadSchedules {

        // ScheduleSpreadTest pins this UID's offset in a one-hour window at 44m31s.
        private static final Duration OFFSET = Duration.parse("PT44M31S");
        private static final Instant SLOT = Instant.parse("2026-11-25T00:00:00Z");
        private static final Instant NEXT_SLOT = Instant.parse("2026-11-26T00:00:00Z");

        @Test
        void theFirstBackupIsDueAtTheSlotPlusTheOffset() {
            assertThat(decide(spec("0 0 0 * * *").spreadOver("1h"), null, NOW))
                    .isEqualTo(new StartTracking(new Activation(NEXT_SLOT, NEXT_SLOT.plus(OFFSET))));
        }

        @Test
        void aSlotThatHasComeWaitsForItsOffset() {
            assertThat(decide(
                            spec("0 0 0 * * *").spreadOver("1h"),
                            checkedAt("2026-11-24T12:00:00Z"),
                            SLOT.plus(OFFSET).minusSeconds(1)))
                    .isEqualTo(new Wait(new Activation(SLOT, SLOT.plus(OFFSET))));
        }

        @Test
        void whenTheOffsetHasComeTheBackupIsNamedAfterTheSlot() {
            assertThat(decide(
                            spec("0 0 0 * * *").spreadOver("1h"), checkedAt("2026-11-24T12:00:00Z"), SLOT.plus(OFFSET)))
                    .isEqualTo(new TakeBackup(SLOT, false, 0, 0, new Activation(NEXT_SLOT, NEXT_SLOT.plus(OFFSET))));
        }

        @Test
        void afterItsBackupTheSlotIsNotDueAgain() {
            Instant servedAt = SLOT.plus(OFFSET).plusMillis(20);

            assertThat(decide(
                            spec("0 0 0 * * *").spreadOver("1h"),
                            new ScheduledBackupStatus(1L, servedAt, SLOT, null, null, null, null),
                            servedAt.plusSeconds(5)))
                    .isEqualTo(new Wait(new Activation(NEXT_SLOT, NEXT_SLOT.plus(OFFSET))));
        }

        @Test
        void aSlotWhoseBackupExistsIsNotServedAgainWhenAWiderWindowMovesItsStartLater() {
            // Served at 00:44:31 with a one-hour window; the window becomes two hours: the slot would now start at
            // 01:29:03, after the last check.
            Instant servedAt = SLOT.plus(OFFSET).plusSeconds(1);

            assertThat(decide(
                            spec("0 0 0 * * *").spreadOver("2h"),
                            new ScheduledBackupStatus(1L, servedAt, SLOT, null, null, null, null),
                            SLOT.plus(Duration.ofHours(3))))
                    .isEqualTo(new Wait(new Activation(NEXT_SLOT, NEXT_SLOT.plus(Duration.parse("PT1H29M3S")))));
        }

        @Test
        void aSlotWhoseStartHasNotComeIsNotMissedWhenAnEarlierOneIsCaughtUp() {
            // Down from before the 24th's slot until after the 25th's slot but before its start.
            Instant now = SLOT.plus(Duration.ofMinutes(10));

            assertThat(decide(spec("0 0 0 * * *").spreadOver("1h"), checkedAt("2026-11-23T12:00:00Z"), now))
                    .isEqualTo(new TakeBackup(
                            Instant.parse("2026-11-24T00:00:00Z"),
                            false,
                            0,
                            0,
                            new Activation(SLOT, SLOT.plus(OFFSET))));
        }

        @Test
        void noBackupStartsAtOrAfterTheNextSlot() {
            ScheduleEvaluator.ParsedSchedule parsed = ScheduleEvaluator.ParsedSchedule.of(
                    spec("0 */10 * * * *").spreadOver("24h").build(), UID);

            List<Activation> activations = parsed.nextActivations(NOW, 50);

            assertThat(activations)
                    .hasSize(50)
                    .allSatisfy(activation -> assertThat(activation.startsAt())
                            .isBefore(activation.slot().plus(Duration.ofMinutes(10))));
            for (int i = 1; i < activations.size(); i++) {
                assertThat(activations.get(i).slot())
                        .isEqualTo(activations.get(i - 1).slot().plus(Duration.ofMinutes(10)));
            }
        }

        @Test
        void anInvalidWindowIsRefusedWhenTheSchemaDidNotRefuseIt() {
            assertThat(decide(spec("0 0 0 * * *").spreadOver("1d"), null, NOW))
                    .isEqualTo(new Invalid(
                            "InvalidSpreadWindow",
                            "spreadWindow '1d' is not hours, minutes and seconds such as '30m' or '1h30m'"));
        }
    }

    @Nested
    class CatchUp {

        @Test
        void noneSkipsTheSlotsThatPassedAndTakesTheOneOnTime() {
            assertThat(decide(spec("0 * * * * *").catchUp(CatchUpPolicy.NONE), checkedAt("2026-11-25T10:20:30Z"), NOW))
                    .isEqualTo(new TakeBackup(
                            Instant.parse("2026-11-25T10:30:00Z"),
                            false,
                            0,
                            9,
                            unspread(Instant.parse("2026-11-25T10:31:00Z"))));
        }

        @Test
        void noneTakesNothingWhenEvenTheLatestSlotIsLate() {
            assertThat(decide(spec("0 0 0 * * *").catchUp(CatchUpPolicy.NONE), checkedAt("2026-11-23T12:00:00Z"), NOW))
                    .isEqualTo(new Skip(
                            2, Instant.parse("2026-11-24T00:00:00Z"), unspread(Instant.parse("2026-11-26T00:00:00Z"))));
        }

        @Test
        void noneTakesASlotFoundWithinAMinuteOfItsTime() {
            Instant slot = Instant.parse("2026-11-25T00:00:00Z");

            assertThat(decide(
                            spec("0 0 0 * * *").catchUp(CatchUpPolicy.NONE),
                            checkedAt("2026-11-24T12:00:00Z"),
                            slot.plus(ScheduleEvaluator.ON_TIME)))
                    .isEqualTo(new TakeBackup(slot, false, 0, 0, unspread(Instant.parse("2026-11-26T00:00:00Z"))));
            assertThat(decide(
                            spec("0 0 0 * * *").catchUp(CatchUpPolicy.NONE),
                            checkedAt("2026-11-24T12:00:00Z"),
                            slot.plus(ScheduleEvaluator.ON_TIME).plusSeconds(1)))
                    .isEqualTo(new Skip(1, slot, unspread(Instant.parse("2026-11-26T00:00:00Z"))));
        }

        @Test
        void onceIsTheDefaultAndCatchesUpTheFirstMissedSlot() {
            ScheduleDecision byDefault = decide(spec("0 0 0 * * *"), checkedAt("2026-11-23T12:00:00Z"), NOW);

            assertThat(byDefault)
                    .isEqualTo(decide(
                            spec("0 0 0 * * *").catchUp(CatchUpPolicy.ONCE), checkedAt("2026-11-23T12:00:00Z"), NOW))
                    .isEqualTo(new TakeBackup(
                            Instant.parse("2026-11-24T00:00:00Z"),
                            false,
                            1,
                            0,
                            unspread(Instant.parse("2026-11-26T00:00:00Z"))));
        }

        @Test
        void noneMeasuresLatenessFromTheSpreadStart() {
            Instant slot = Instant.parse("2026-11-25T00:00:00Z");
            Instant startsAt = slot.plus(Duration.parse("PT44M31S"));

            assertThat(decide(
                            spec("0 0 0 * * *").spreadOver("1h").catchUp(CatchUpPolicy.NONE),
                            checkedAt("2026-11-24T12:00:00Z"),
                            startsAt.plusSeconds(30)))
                    .isInstanceOf(TakeBackup.class);
        }
    }

    @Nested
    class WakingUpForTheNextSlot {

        @Test
        void theWaitIsRoundedUpToTheMillisecondSoTheSlotHasComeWhenItEnds() {
            assertThat(ScheduleEvaluator.delayUntil(Instant.parse("2026-11-25T10:30:16.999999500Z"), NOW))
                    .isEqualTo(Duration.ofMillis(1));
            assertThat(ScheduleEvaluator.delayUntil(Instant.parse("2026-11-25T10:30:15.250Z"), NOW))
                    .isEqualTo(Duration.ofMillis(1750));
        }

        @Test
        void aSlotThatHasAlreadyComeIsServedAtOnce() {
            assertThat(ScheduleEvaluator.delayUntil(NOW, NOW)).isEqualTo(Duration.ofMillis(1));
        }
    }
}
