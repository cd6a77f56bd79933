package cqrs.workbook.command;

/**
 * How the handling of one command ended, for the gateway to answer. The first three are the
 * decider's answer, carried out; the last says the event transaction could not carry it out.
 * Every switch over an outcome names all four, so a new kind of outcome breaks the build
 * until every caller answers it.
 */
// tag::outcome[]
public sealed interface Outcome<E, R> {

    /** The event was stored at {@code version} and published. */
    record Accepted<E, R>(E event, long version) implements Outcome<E, R> {}

    /** Nothing to record; the stream stays at {@code version}. */
    record Unchanged<E, R>(long version) implements Outcome<E, R> {}

    /** The decider refused the command. */
    record Rejected<E, R>(R reason, long version) implements Outcome<E, R> {}

    /** The command was not carried out, for a reason of the transaction, not of the domain. */
    record Failed<E, R>(Failure failure) implements Outcome<E, R> {}
// end::outcome[]

    /** Why the event transaction did not carry a command out. */
    sealed interface Failure {

        /** The client expected another version than the current one (If-Match). */
        record VersionMismatch(long expected, long current) implements Failure {}

        /** Other writers kept winning the race for the next version. */
        record Conflict(int attempts) implements Failure {}

        /** The broker failed; the stored event was deleted again. */
        record NotPublished(String reason) implements Failure {}

        /**
         * The broker failed, and the event could not be taken back (the delete failed too, or
         * another event rests on it): it is stored at {@code version}, not published.
         */
        record StoredNotPublished(long version, String reason) implements Failure {}

        /**
         * The append failed in a way that does not say whether it was written, and the read
         * that should have told could not be made either: nobody knows whether the event is
         * stored. A retry with the same {@code Idempotency-Key} is safe.
         */
        record OutcomeUnknown(String reason) implements Failure {}

        /** The invocation's deadline was too near to start the work: nothing was written. */
        record OutOfTime() implements Failure {}
    }
}
