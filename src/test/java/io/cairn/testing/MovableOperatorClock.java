package io.cairn.testing;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * In every {@code @QuarkusTest}, the operator's clock is a {@link MovableClock} (at the system's time until a test
 * moves it): tests inject {@code MovableClock} to run the operator days ahead, e.g. past a certificate renewal.
 * One instance declares both producers, so the clock a test moves is the operator's.
 */
@Singleton
public class MovableOperatorClock {

    private final MovableClock clock = new MovableClock();

    @Produces
    @Singleton
    MovableClock movableClock() {
        return clock;
    }

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    Clock clock() {
        return clock;
    }
}
