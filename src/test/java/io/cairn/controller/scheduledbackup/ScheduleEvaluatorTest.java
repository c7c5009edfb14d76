package io.cairn.controller.scheduledbackup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.LocalObjectReference;
import io.cairn.api.v1.ScheduledBackupSpec;
import io.cairn.api.v1.ScheduledBackupStatus;
import io.cairn.controller.scheduledbackup.ScheduleDecision.Invalid;
import io.cairn.controller.scheduledbackup.ScheduleDecision.NeverFires;
import io.cairn.controller.scheduledbackup.ScheduleDecision.StartTracking;
import io.cairn.controller.scheduledbackup.ScheduleDecision.Suspended;
import io.cairn.controller.scheduledbackup.ScheduleDecision.TakeBackup;
import io.cairn.controller.scheduledbackup.ScheduleDecision.Wait;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What a ScheduledBackup calls for, given its spec, its status and the time. */
class ScheduleEvaluatorTest {

    private static final Instant CREATED = Instant.parse("2026-11-25T10:00:00.400Z");
    private static final Instant NOW = Instant.parse("2026-11-25T10:30:17Z");

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
                    .isEqualTo(new StartTracking(Instant.parse("2026-11-26T00:00:00Z")));
        }

        @Test
        void withImmediateTakesABackupNamedAfterTheCreationSecond() {
            assertThat(decide(spec("0 0 0 * * *").immediately(), null, NOW))
                    .isEqualTo(new TakeBackup(
                            Instant.parse("2026-11-25T10:00:00Z"), true, 0, Instant.parse("2026-11-26T00:00:00Z")));
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
                    .isEqualTo(new Wait(Instant.parse("2026-11-25T11:00:00Z")));
        }

        @Test
        void aSlotThatHasComeIsTakenWithNothingMissed() {
            assertThat(decide(spec("0 */10 * * * *"), checkedAt("2026-11-25T10:20:00Z"), NOW))
                    .isEqualTo(new TakeBackup(
                            Instant.parse("2026-11-25T10:30:00Z"), false, 0, Instant.parse("2026-11-25T10:40:00Z")));
        }

        @Test
        void aSlotExactlyNowIsDue() {
            assertThat(decide(
                            spec("0 30 10 * * *"),
                            checkedAt("2026-11-25T09:00:00Z"),
                            Instant.parse("2026-11-25T10:30:00Z")))
                    .isEqualTo(new TakeBackup(
                            Instant.parse("2026-11-25T10:30:00Z"), false, 0, Instant.parse("2026-11-26T10:30:00Z")));
        }

        @Test
        void slotsMissedWhileDownCollapseIntoOneCatchUpForTheFirstMissedSlot() {
            assertThat(decide(spec("0 * * * * *"), checkedAt("2026-11-25T10:20:30Z"), NOW))
                    .isEqualTo(new TakeBackup(
                            Instant.parse("2026-11-25T10:21:00Z"), false, 9, Instant.parse("2026-11-25T10:31:00Z")));
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
                            Instant.parse("2026-11-25T10:30:18Z")));
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
                    .isEqualTo(new StartTracking(Instant.parse("2026-11-26T01:00:00Z")));
        }

        @Test
        void summerTimeIsHonoured() {
            assertThat(decide(
                            spec("0 0 2 * * *").withTimeZone("Europe/Paris"),
                            null,
                            Instant.parse("2026-07-01T12:00:00Z")))
                    .isEqualTo(new StartTracking(Instant.parse("2026-07-02T00:00:00Z")));
        }

        @Test
        void utcIsTheDefault() {
            assertThat(decide(spec("0 0 2 * * *"), null, NOW))
                    .isEqualTo(new StartTracking(Instant.parse("2026-11-26T02:00:00Z")));
        }
    }

    private static ScheduleDecision decide(SpecBuilder spec, ScheduledBackupStatus status, Instant now) {
        return ScheduleEvaluator.decide(spec.build(), status, CREATED, now);
    }

    private static ScheduledBackupStatus checkedAt(String lastCheckTime) {
        return new ScheduledBackupStatus(1L, Instant.parse(lastCheckTime), null, null, null, null);
    }

    private static SpecBuilder spec(String schedule) {
        return new SpecBuilder(schedule, false, false, null);
    }

    private record SpecBuilder(String schedule, boolean suspend, boolean immediate, String timeZone) {
        SpecBuilder suspended() {
            return new SpecBuilder(schedule, true, immediate, timeZone);
        }

        SpecBuilder immediately() {
            return new SpecBuilder(schedule, suspend, true, timeZone);
        }

        SpecBuilder withTimeZone(String zone) {
            return new SpecBuilder(schedule, suspend, immediate, zone);
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
                    timeZone);
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
