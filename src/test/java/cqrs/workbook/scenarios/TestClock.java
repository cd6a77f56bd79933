package cqrs.workbook.scenarios;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

// tag::test-clock[]
/** The handler's clock in the scenarios: real time, plus whatever a scenario lets pass. */
public final class TestClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    public void advance(Duration duration) {
        offset = offset.plus(duration);
    }
// end::test-clock[]

    public void reset() {
        offset = Duration.ZERO;
    }

    // tag::test-clock[]
    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
    // end::test-clock[]

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the handler works in UTC");
    }
}
