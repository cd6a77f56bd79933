package cqrs.workbook.command;

/** How the handling of one command ended, for the gateway to answer. */
public sealed interface Outcome<E, R> {

    /** The event was stored at {@code version} and published. */
    record Accepted<E, R>(E event, long version) implements Outcome<E, R> {}

    /** Nothing to record; the stream stays at {@code version}. */
    record Unchanged<E, R>(long version) implements Outcome<E, R> {}

    /** The decider refused the command. */
    record Rejected<E, R>(R reason, long version) implements Outcome<E, R> {}

    /** The client expected another version than the current one (If-Match). */
    record VersionMismatch<E, R>(long expected, long current) implements Outcome<E, R> {}

    /** Other writers kept winning the race for the next version. */
    record Conflict<E, R>(int attempts) implements Outcome<E, R> {}

    /** The broker failed; the stored event was deleted again. */
    record NotPublished<E, R>(String reason) implements Outcome<E, R> {}
}
