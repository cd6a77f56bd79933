package cqrs.workbook.command;

import cqrs.workbook.aggregate.Aggregate;
import cqrs.workbook.broker.EventPublisher;
import cqrs.workbook.broker.PublishedEvent;
import cqrs.workbook.eventstore.EventStore;
import cqrs.workbook.eventstore.StoredEvent;
import cqrs.workbook.eventstore.VersionTaken;
import cqrs.workbook.invocation.Deadline;
import cqrs.workbook.json.EventCodec;
import cqrs.workbook.kernel.Decider;
import cqrs.workbook.kernel.Decision;
import cqrs.workbook.log.Log;
import java.time.Clock;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Handles one command for one stream: load, replay, decide, then the event transaction
 * (append with an optimistic lock, publish, compensate when publishing fails).
 */
public final class CommandHandler {

    /** How many times in all a command is decided, when it keeps losing the race for a version. */
    public static final int MAX_ATTEMPTS = 3;

    private final EventStore store;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Publishing publishing;
    private final CallBudget budget;

    public CommandHandler(EventStore store, EventPublisher publisher, Clock clock, Publishing publishing,
                          CallBudget budget) {
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
        this.publishing = publishing;
        this.budget = budget;
    }

    public <C, S, E, R> Outcome<E, R> handle(Aggregate<C, S, E, R> aggregate, String id, C command,
                                             OptionalLong expectedVersion) {
        String stream = aggregate.stream(id);
        Decider<C, S, E, R> decider = aggregate.decider();
        EventCodec<E> codec = aggregate.codec();
        long started = System.nanoTime();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (attempt > 1 && !budget.mayStartAttempt(Duration.ofNanos(System.nanoTime() - started),
                    publishing)) {
                Log.at("conflict").stream(stream).info("no time left for attempt " + attempt);
                return new Outcome.Failed<>(new Outcome.Failure.Conflict(attempt - 1));
            }
            // The invocation's own deadline: a reaction late in
            // its batch may have less than the budget.
            if (!Deadline.current().allows(budget.worstCaseFromAttempt(publishing))) {
                Log.at("deadline").stream(stream).info("too little time left for attempt " + attempt);
                return new Outcome.Failed<>(attempt == 1 ? new Outcome.Failure.OutOfTime()
                        : new Outcome.Failure.Conflict(attempt - 1));
            }
            // tag::handle[]
            // Each item is decoded once: to test whether it restates the state, then to replay it.
            Map<StoredEvent, E> decoded = new IdentityHashMap<>();
            List<StoredEvent> tail = store.readFromLatest(stream, stored -> decider.restatesState(
                    decoded.computeIfAbsent(stored, item -> decode(codec, item))));
            long version = tail.isEmpty() ? 0 : tail.getLast().version();
            // An empty stream is left to the decider: "never
            // registered" says more than "not that version".
            if (version > 0 && expectedVersion.isPresent() && expectedVersion.getAsLong() != version) {
                return new Outcome.Failed<>(new Outcome.Failure.VersionMismatch(
                        expectedVersion.getAsLong(), version));
            }
            S state = decider.replay(tail.stream().map(decoded::get).toList());
            switch (decider.decide(command, state)) {
                case Decision.Rejected<E, R> rejected -> {
                    return new Outcome.Rejected<>(rejected.reason(), version);
                }
                case Decision.Unchanged<E, R> unchanged -> {
                    return new Outcome.Unchanged<>(version);
                }
                case Decision.Accepted<E, R> accepted -> {
                    E event = accepted.event();
                    StoredEvent stored = new StoredEvent(stream, version + 1,
                            UUID.randomUUID().toString(), codec.type(event),
                            codec.toStoredJson(event), clock.instant());
                    try {
                        store.append(stored, switch (publishing) {
                            case OUTBOX -> EventStore.PublishedBy.RELAY;
                            case COMPENSATION -> EventStore.PublishedBy.WRITER;
                        });
                    } catch (VersionTaken lostTheRace) {
                        Log.at("conflict").stream(stream).version(stored.version())
                                .info("version taken, attempt " + attempt);
                        continue; // reload the stream and decide again
                        // end::handle[]
                    } catch (SdkException appendFailed) {
                        // tag::failed-append[]
                        EventStore.Found found;
                        try {
                            found = store.find(stored);
                        } catch (SdkException readFailedToo) {
                            return unknownOutcome(stored, codec, event, appendFailed);
                        }
                        log(stored).info("the append failed (" + appendFailed.getClass().getSimpleName()
                                + "); a consistent read of its version found " + found);
                        switch (found) {
                            case OURS -> { } // written: only the answer was lost
                            case ANOTHER -> {
                                continue; // the race for this version was lost: decide again
                            }
                            // nothing stored: the failure is the answer
                            case NOTHING -> throw appendFailed;
                        }
                        // end::failed-append[]
                    }
                    return switch (publishing) {
                        // The stream of the events table hands the event to the relay.
                        case OUTBOX -> stored(stored, event);
                        case COMPENSATION -> publishOrCompensate(stored, codec, event);
                    };
                }
            }
        }
        return new Outcome.Failed<>(new Outcome.Failure.Conflict(MAX_ATTEMPTS));
    }

    /**
     * The stream's current state, replayed as {@link #handle} would replay it, for a check a
     * route makes before it has a command: who may change an org is answered before its body
     * is read. Deciding still happens in {@link #handle}, on the state it loads itself.
     */
    public <C, S, E, R> S state(Aggregate<C, S, E, R> aggregate, String id) {
        Decider<C, S, E, R> decider = aggregate.decider();
        EventCodec<E> codec = aggregate.codec();
        Map<StoredEvent, E> decoded = new IdentityHashMap<>();
        List<StoredEvent> tail = store.readFromLatest(aggregate.stream(id), stored -> decider.restatesState(
                decoded.computeIfAbsent(stored, item -> decode(codec, item))));
        return decider.replay(tail.stream().map(stored -> decoded.computeIfAbsent(stored, item -> decode(codec, item)))
                .toList());
    }

    /**
     * The SDK gave up on the append without saying whether it was written, and the consistent
     * read that should have told failed too. Under the outbox only the client's answer is
     * unknown: if the event is stored the relay publishes it. Under compensation the event is
     * taken back if it is there (the delete is conditional on its id), so that no stored event
     * is left unpublished; only when that delete fails too does nobody know.
     */
    private <E, R> Outcome<E, R> unknownOutcome(StoredEvent stored, EventCodec<E> codec, E event,
                                                SdkException appendFailed) {
        if (publishing == Publishing.OUTBOX) {
            // Stored or not, the relay has it if it is there: only the client's answer is unknown.
            log(stored).warn("outcome unknown: the append and the read after it failed");
            return new Outcome.Failed<>(new Outcome.Failure.OutcomeUnknown(appendFailed.getMessage()));
        }
        EventStore.Compensation compensation;
        try {
            compensation = store.deleteUnlessFollowed(stored);
        } catch (SdkException deleteFailedToo) {
            log(stored).alert("outcome unknown: the append, the read and the delete failed;"
                    + " the event may be stored unpublished: " + deleteFailedToo.getMessage());
            return new Outcome.Failed<>(new Outcome.Failure.OutcomeUnknown(appendFailed.getMessage()));
        }
        log(stored).warn("outcome unknown after the append; taken back: " + compensation);
        return switch (compensation) {
            // it is not stored now: nothing was decided
            case DELETED, ALREADY_GONE -> throw appendFailed;
            case KEPT_FOLLOWED -> publishOrCompensate(stored, codec, event);
        };
    }

    /**
     * Storing and publishing must succeed or fail together. DynamoDB and SNS share no
     * transaction, so a failed publish is undone by deleting the event just stored: the
     * store is trusted to be the more reliable of the two. The delete is refused when another
     * writer has appended on top of the event meanwhile: then the event stays, and is
     * published once more. What this cannot cover: the process dying between the two calls,
     * or a publish that reached SNS but whose answer was lost.
     */
    // tag::publish-or-compensate[]
    private <E, R> Outcome<E, R> publishOrCompensate(StoredEvent stored, EventCodec<E> codec, E event) {
        PublishedEvent published = PublishedEvent.of(stored, event, codec);
        try {
            publisher.publish(published);
        } catch (RuntimeException brokerFailed) { // an SdkException, mostly
            log(stored).warn(stored.type() + " not published ("
                    + brokerFailed.getClass().getSimpleName() + "), deleting it");
            return compensate(stored, published, event, brokerFailed);
        }
        return stored(stored, event);
    }
    // end::publish-or-compensate[]

    private <E, R> Outcome<E, R> compensate(StoredEvent stored, PublishedEvent published, E event,
                                            RuntimeException brokerFailed) {
        EventStore.Compensation compensation;
        try {
            compensation = store.deleteUnlessFollowed(stored);
        } catch (SdkException storeFailedToo) {
            // Both services failed: the event stays stored but unpublished. Say so loudly and
            // truly: the client is told the event is stored.
            log(stored).alert("stored but not published, and not deleted: "
                    + storeFailedToo.getMessage());
            return new Outcome.Failed<>(new Outcome.Failure.StoredNotPublished(stored.version(),
                    brokerFailed.getMessage()));
        }
        return switch (compensation) {
            case DELETED, ALREADY_GONE ->
                    new Outcome.Failed<>(new Outcome.Failure.NotPublished(brokerFailed.getMessage()));
            case KEPT_FOLLOWED -> {
                // Another command read this event and appended on top of it: deleting it would
                // leave a gap under an event decided on it. It stays, and is published again.
                log(stored).warn("version " + (stored.version() + 1)
                        + " rests on it: kept, publishing again");
                try {
                    publisher.publish(published);
                    yield stored(stored, event);
                } catch (RuntimeException failedAgain) {
                    log(stored).alert("kept but not published: " + failedAgain.getMessage());
                    yield new Outcome.Failed<>(new Outcome.Failure.StoredNotPublished(stored.version(),
                            failedAgain.getMessage()));
                }
            }
        };
    }

    private static <E, R> Outcome<E, R> stored(StoredEvent stored, E event) {
        log(stored).info(stored.type() + " stored");
        return new Outcome.Accepted<>(event, stored.version());
    }

    private static Log.Line log(StoredEvent stored) {
        return Log.at("event").stream(stored.stream()).version(stored.version()).eventId(stored.eventId());
    }

    private static <E> E decode(EventCodec<E> codec, StoredEvent stored) {
        return codec.fromStoredJson(stored.type(), stored.payload());
    }
}
