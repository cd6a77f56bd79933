package cqrs.workbook.scenarios;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting for eventual consistency: ask again and again until the answer is the awaited
 * one, and fail at a deadline. A fixed sleep would be both slower and flakier.
 */
final class Eventually {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Duration INTERVAL = Duration.ofMillis(50);

    private Eventually() {}

    static <T> T poll(String what, Supplier<T> ask, Predicate<T> done) {
        Instant deadline = Instant.now().plus(DEADLINE);
        T answer = ask.get();
        while (!done.test(answer)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + DEADLINE.toSeconds() + " s for " + what
                        + "; last saw " + answer);
            }
            try {
                Thread.sleep(INTERVAL); // the interval between two polls
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
            answer = ask.get();
        }
        return answer;
    }
}
