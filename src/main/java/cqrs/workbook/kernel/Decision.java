package cqrs.workbook.kernel;

// tag::decision[]
/**
 * What a decider answers to a command: a new event, nothing to record, or a rejection that
 * the caller can name.
 */
public sealed interface Decision<E, R> {

    /** The command is accepted: this event is to be appended to the stream. */
    record Accepted<E, R>(E event) implements Decision<E, R> {}

    /** The command asks for what is already true: no event, and no error either. */
    record Unchanged<E, R>() implements Decision<E, R> {}

    /** The command breaks an invariant of the aggregate. */
    record Rejected<E, R>(R reason) implements Decision<E, R> {}
    // end::decision[]

    static <E, R> Decision<E, R> accept(E event) {
        return new Accepted<>(event);
    }

    static <E, R> Decision<E, R> unchanged() {
        return new Unchanged<>();
    }

    static <E, R> Decision<E, R> reject(R reason) {
        return new Rejected<>(reason);
    }
}
