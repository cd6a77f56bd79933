package cqrs.workbook.command;

import java.time.Duration;

/**
 * The time a command may spend, and what each call to AWS may take at most (retries
 * included, as the SDK's {@code apiCallTimeout} enforces). A decide attempt (one read, one
 * append) starts only if it and the whole tail after it still fit in {@code total}: under
 * compensation the publish, the compensating delete and a re-publish of a kept event; under
 * either strategy the SMS that may follow. So the function is never killed by its timeout
 * between the append and the publish, where compensation could not run.
 */
// tag::call-budget[]
public record CallBudget(Duration storeCall, Duration brokerCall, Duration total) {

    /** The longest a decide attempt and everything after it can take. */
    public Duration worstCaseFromAttempt(Publishing publishing) {
        Duration attempt = storeCall.multipliedBy(2);
        Duration sms = brokerCall;
        return switch (publishing) {
            case COMPENSATION -> attempt.plus(brokerCall).plus(storeCall).plus(brokerCall)
                    .plus(sms);
            case OUTBOX -> attempt.plus(sms);
        };
    }

    /** True when a decide attempt may start after {@code elapsed}. */
    public boolean mayStartAttempt(Duration elapsed, Publishing publishing) {
        return elapsed.plus(worstCaseFromAttempt(publishing)).compareTo(total) <= 0;
    }
}
// end::call-budget[]
