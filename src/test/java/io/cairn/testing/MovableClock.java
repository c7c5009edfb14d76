package io.cairn.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system's clock shifted by an offset a test sets: time still passes, from wherever the test moved it. */
public final class MovableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    public void moveTo(Duration offsetFromNow) {
        offset = offsetFromNow;
    }

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the operator's clock is UTC");
    }
}
