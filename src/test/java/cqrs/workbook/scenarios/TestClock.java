package cqrs.workbook.scenarios;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The handler's clock in the scenarios: real time, plus whatever a scenario lets pass. A
 * scenario may instead start a clock of its own at 0:00: that clock stands still, and moves
 * only to the instants its steps name, so that what the handler decides at each is exact.
 */
public final class TestClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    /** The scenario's 0:00 and the instant its clock stands at, when a scenario started one. */
    private volatile Instant zero;
    private volatile Instant standing;

    public void advance(Duration duration) {
        if (standing != null) {
            standing = standing.plus(duration);
        }
        offset = offset.plus(duration);
    }

    public void reset() {
        offset = Duration.ZERO;
        zero = null;
        standing = null;
    }

    /** The scenario's 0:00 is now, and the clock stands there until a step moves it. */
    public void startScenarioTime() {
        zero = instant();
        standing = zero;
    }

    /** Moves the scenario's clock to {@code sinceZero} after its 0:00; time never runs back. */
    public void advanceTo(Duration sinceZero) {
        if (zero == null) {
            throw new IllegalStateException("the scenario's clock was not started: a step must say it reads 0:00");
        }
        Instant to = zero.plus(sinceZero);
        if (to.isBefore(standing)) {
            throw new IllegalStateException("the scenario's clock is past " + sinceZero + " already");
        }
        standing = to;
    }

    @Override
    public Instant instant() {
        Instant stands = standing;
        return stands != null ? stands : Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the handler works in UTC");
    }
}
