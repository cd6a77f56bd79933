package cqrs.workbook.invocation;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * When the current Lambda invocation must have answered: Lambda's context says how much time
 * is left when the invocation starts, and every role (a command, a consumer's batch, the
 * relay's batch) asks before each piece of work whether it can still finish in time. Work
 * that cannot finish is not started and is reported failed, to be retried by whoever
 * invoked: a function killed by its timeout in the middle of a piece of work (after an
 * append, before its text) leaves no such clean line.
 *
 * <p>The deadline of the invocation on this thread is kept in a thread-local for the
 * duration of the call, so that a command deep inside a reaction sees the same deadline as
 * the consumer that called it. Outside an invocation there is none.
 */
// tag::deadline[]
public final class Deadline {
// end::deadline[]

    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();
    private static final Deadline NONE = new Deadline(Long.MAX_VALUE);

    private final long endNanos;

    private Deadline(long endNanos) {
        this.endNanos = endNanos;
    }

    // tag::deadline[]
    /** A deadline {@code remaining} from now. */
    public static Deadline in(Duration remaining) {
        return new Deadline(System.nanoTime() + Math.max(0, remaining.toNanos()));
    }
    // end::deadline[]

    /** The deadline of the invocation running on this thread, or none. */
    public static Deadline current() {
        Deadline deadline = CURRENT.get();
        return deadline == null ? NONE : deadline;
    }

    /** Runs {@code work} as the invocation whose deadline this is. */
    public <T> T run(Supplier<T> work) {
        Deadline outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    public Duration remaining() {
        if (endNanos == Long.MAX_VALUE) {
            return Duration.ofDays(365);
        }
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    // tag::deadline[]
    /** True when {@code work}, at its longest, still ends before the deadline. */
    public boolean allows(Duration work) {
        return remaining().compareTo(work) >= 0;
    }
    // end::deadline[]
}
