package cqrs.workbook.scenarios;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The handler's clock in the scenarios: real time, plus whatever a scenario lets pass. A
 * scenario may also start a clock of its own at 0:00 and name the instants its steps happen
 * at; the clock then jumps ahead to each.
 */
public final class TestClock extends Clock {

    /** How far real time may have run past an instant a step names, for the step to still hold. */
    private static final Duration SLACK = Duration.ofSeconds(5);

    private volatile Duration offset = Duration.ZERO;
    private volatile Instant zero;

    public void advance(Duration duration) {
        offset = offset.plus(duration);
    }

    public void reset() {
        offset = Duration.ZERO;
        zero = null;
    }

    /** The scenario's 0:00 is now. */
    public void startScenarioTime() {
        zero = instant();
    }

    /** Lets time pass until the clock reads {@code sinceZero} after the scenario's 0:00. */
    public void advanceTo(Duration sinceZero) {
        if (zero == null) {
            throw new IllegalStateException("the scenario's clock was not started: a step must say it reads 0:00");
        }
        Duration ahead = Duration.between(instant(), zero.plus(sinceZero));
        if (ahead.compareTo(SLACK.negated()) < 0) {
            throw new IllegalStateException("the scenario's clock is past " + sinceZero + " already: "
                    + ahead.negated() + " later");
        }
        if (ahead.isPositive()) {
            advance(ahead);
        }
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
        throw new UnsupportedOperationException("the handler works in UTC");
    }
}
