package io.cairn.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.support.HeapTrim.OldGeneration;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeapTrimTest {

    private static final long MIB = 1024 * 1024;
    private static final Instant STARTED = Instant.parse("2026-12-07T00:00:00Z");
    private final HeapTrim trim = HeapTrim.every(Duration.ofMinutes(10));

    @Test
    void theFirstCollectionWaitsForTheStartUpBurstToSettle() {
        OldGeneration afterStartUp = new OldGeneration(170 * MIB, 0);

        assertThat(trim.due(afterStartUp, STARTED, Optional.empty(), STARTED.plusSeconds(59)))
                .isFalse();
        assertThat(trim.due(afterStartUp, STARTED, Optional.empty(), STARTED.plusSeconds(60)))
                .isTrue();
    }

    @Test
    void whatACollectionDuringTheStartUpBurstFoundLiveDoesNotPutTheFirstTrimOff() {
        OldGeneration collectedMidBurst = new OldGeneration(170 * MIB, 150 * MIB);

        assertThat(trim.due(collectedMidBurst, STARTED, Optional.empty(), STARTED.plusSeconds(60)))
                .isTrue();
    }

    @Test
    void aSmallOldGenerationIsNotWorthAPause() {
        assertThat(trim.due(new OldGeneration(15 * MIB, 0), STARTED, Optional.empty(), STARTED.plusSeconds(600)))
                .isFalse();
    }

    @Test
    void afterAFullCollectionTheNextWaitsTheIntervalAndForGarbageOfHalfTheLiveHeap() {
        Optional<Instant> collected = Optional.of(STARTED.plusSeconds(60));
        Instant nineMinutesLater = STARTED.plusSeconds(60 + 540);
        Instant tenMinutesLater = STARTED.plusSeconds(60 + 600);

        assertThat(trim.due(new OldGeneration(200 * MIB, 84 * MIB), STARTED, collected, nineMinutesLater))
                .isFalse();
        assertThat(trim.due(new OldGeneration(125 * MIB, 84 * MIB), STARTED, collected, tenMinutesLater))
                .as("41 MiB of garbage over 84 MiB live")
                .isFalse();
        assertThat(trim.due(new OldGeneration(126 * MIB, 84 * MIB), STARTED, collected, tenMinutesLater))
                .as("42 MiB of garbage over 84 MiB live")
                .isTrue();
    }

    @Test
    void aZeroIntervalTurnsTrimmingOff() {
        HeapTrim off = HeapTrim.every(Duration.ZERO);

        assertThat(off.due(new OldGeneration(500 * MIB, 0), STARTED, Optional.empty(), STARTED.plusSeconds(3600)))
                .isFalse();
    }
}
