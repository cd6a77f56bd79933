package cqrs.workbook.eventstore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import cqrs.workbook.log.Log;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The event store: one DynamoDB item per event, partition key {@code stream}, sort key
 * {@code version}. Items are only ever added, except by compensation.
 */
public final class EventStore {

    static final String STREAM = "stream";
    static final String VERSION = "version";
    static final String EVENT_ID = "eventId";
    /**
     * The first page holds one item: most often the latest event restates the state and
     * nothing more is read. Later pages hold more, trading a little over-reading for fewer
     * round trips.
     */
    private static final int FIRST_PAGE = 1;
    private static final int NEXT_PAGES = 8;

    private final DynamoDbClient dynamo;
    private final String table;

    public EventStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The whole stream, oldest first. */
    public List<StoredEvent> readStream(String stream) {
        List<StoredEvent> events = new ArrayList<>();
        dynamo.queryPaginator(query(stream).scanIndexForward(true).build())
                .items().forEach(item -> events.add(fromItem(item)));
        return events;
    }

    /**
     * The end of a stream, oldest first: read backwards, newest first, a page at a time, and
     * stop at the first event that {@code restatesState}. A command that needs only the
     * latest state reads one or two items, however long the stream has grown.
     */
    // tag::read-latest[]
    public List<StoredEvent> readFromLatest(String stream, Predicate<StoredEvent> restatesState) {
        List<StoredEvent> newestFirst = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryResponse page = dynamo.query(query(stream)
                    .scanIndexForward(false)
                    .limit(startKey == null ? FIRST_PAGE : NEXT_PAGES)
                    .exclusiveStartKey(startKey)
                    .build());
            for (Map<String, AttributeValue> item : page.items()) {
                StoredEvent event = fromItem(item);
                newestFirst.add(event);
                if (restatesState.test(event)) {
                    Collections.reverse(newestFirst);
                    return newestFirst;
                }
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        Collections.reverse(newestFirst);
        return newestFirst;
    }
    // end::read-latest[]

    /**
     * Appends one event. The condition is the optimistic lock: the put is refused when an
     * item with this stream and version exists already. The refusal brings the item that is
     * there: if it is this very event, the put had succeeded and the SDK retried it (its
     * answer was lost, a 500 came back): that is our own append, not a lost race.
     */
    public void append(StoredEvent event) throws VersionTaken {
        append(event, PublishedBy.RELAY);
    }

    /** The same, marking who publishes the event: see {@link PublishedBy}. */
    // tag::append[]
    public void append(StoredEvent event, PublishedBy publishedBy) throws VersionTaken {
        try {
            dynamo.putItem(put -> put
                    .tableName(table)
                    .item(toItem(event, publishedBy))
                    .conditionExpression("attribute_not_exists(#version)")
                    .expressionAttributeNames(Map.of("#version", VERSION))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException taken) {
            if (taken.hasItem() && taken.item().containsKey(EVENT_ID)
                    && taken.item().get(EVENT_ID).s().equals(event.eventId())) {
                Log.at("append").stream(event.stream()).version(event.version())
                        .eventId(event.eventId())
                        .info("a retried put found its own event: the append had succeeded");
                return;
            }
            throw new VersionTaken(event.stream(), event.version());
        }
    }
    // end::append[]

    /**
     * SnapStart priming of the write path, with nothing written: a put whose condition asks
     * for an item that is not there (version 0 of a stream is never written), so DynamoDB
     * refuses it. The SDK's put marshaller, signer and error reader are then ready.
     */
    public void primeAppend(String stream) {
        try {
            dynamo.putItem(put -> put
                    .tableName(table)
                    .item(Map.of(STREAM, AttributeValue.fromS(stream), VERSION,
                            AttributeValue.fromN("0")))
                    .conditionExpression("attribute_exists(#version)")
                    .expressionAttributeNames(Map.of("#version", VERSION))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            throw new IllegalStateException("a priming put was accepted: its condition cannot hold");
        } catch (ConditionalCheckFailedException refused) {
            // As intended.
        }
    }

    /**
     * Who publishes an event. Under the outbox the relay does, from the table's stream; under
     * compensation the command handler does, right after the put, and deletes the event when
     * that fails. The relay reads every item of the stream whatever the strategy, and skips
     * those marked {@code WRITER}: so switching strategy neither publishes an event twice nor
     * publishes one that compensation deleted, and an event stored under the outbox but not
     * relayed yet is still relayed after a switch to compensation.
     */
    // tag::published-by[]
    public enum PublishedBy { RELAY, WRITER }

    static final String PUBLISHED_BY = "publishedBy";

    /** True when the item's writer publishes it itself (it was stored under compensation). */
    public static boolean publishedByWriter(Map<String, AttributeValue> item) {
        AttributeValue mark = item.get(PUBLISHED_BY);
        return mark != null && "writer".equals(mark.s());
    }
    // end::published-by[]

    /** What a compensating delete did. */
    public enum Compensation {
        /** The event is gone: nothing else rests on it. */
        DELETED,
        /** Another writer appended the next version on top of it: it stays, a stream has no gaps. */
        KEPT_FOLLOWED,
        /** It was not there any more (a retried delete whose first attempt had succeeded). */
        ALREADY_GONE
    }

    /**
     * Deletes exactly this event, and only if no event follows it. One transaction: a
     * condition check that version + 1 does not exist, and the delete on the condition that
     * the item still holds this event's id. The first keeps a stream without gaps (a later
     * event was decided on this one); the second keeps a retried delete from removing an
     * event that another writer has stored at the same version since.
     */
    // tag::compensate[]
    public Compensation deleteUnlessFollowed(StoredEvent event) {
        try {
            dynamo.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().conditionCheck(c -> c
                            .tableName(table)
                            .key(key(event.stream(), event.version() + 1))
                            .conditionExpression("attribute_not_exists(#version)")
                            .expressionAttributeNames(Map.of("#version", VERSION))).build(),
                    TransactWriteItem.builder().delete(d -> d
                            .tableName(table)
                            .key(key(event.stream(), event.version()))
                            .conditionExpression("#eventId = :eventId")
                            .expressionAttributeNames(Map.of("#eventId", EVENT_ID))
                            .expressionAttributeValues(Map.of(":eventId", s(event.eventId()))))
                            .build()));
            return Compensation.DELETED;
            // end::compensate[]
        } catch (TransactionCanceledException cancelled) {
            List<CancellationReason> reasons = cancelled.hasCancellationReasons()
                    ? cancelled.cancellationReasons() : List.of();
            if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.getFirst().code())) {
                return Compensation.KEPT_FOLLOWED;
            }
            if (reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code())) {
                return Compensation.ALREADY_GONE;
            }
            throw cancelled;
        }
    }

    /** What a consistent read finds at an event's version after its append failed. */
    public enum Found {
        /** Our event: the put was written, only its answer was lost. */
        OURS,
        /** Another writer's event: we lost the race for this version. */
        ANOTHER,
        /** Nothing: the put was not written. */
        NOTHING
    }

    // tag::found-after-failure[]
    /**
     * Decides, after an append whose outcome the SDK could not tell (a timeout, a 500 after
     * the last retry), whether the event is stored: a strongly consistent read of its version,
     * compared by event id. Throws when that read fails too: then nobody knows.
     */
    public Found find(StoredEvent event) {
        return read(event.stream(), event.version())
                .map(there -> there.eventId().equals(event.eventId()) ? Found.OURS : Found.ANOTHER)
                .orElse(Found.NOTHING);
    }
    // end::found-after-failure[]

    /** The event at this version of the stream, if any. */
    public java.util.Optional<StoredEvent> read(String stream, long version) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(key(stream, version))).item();
        return item == null || item.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(fromItem(item));
    }

    /** A stored event from its item in the table, as the DynamoDB stream's NEW_IMAGE carries it too. */
    public static StoredEvent fromItem(Map<String, AttributeValue> item) {
        return new StoredEvent(
                item.get(STREAM).s(),
                Long.parseLong(item.get(VERSION).n()),
                item.get(EVENT_ID).s(),
                item.get("type").s(),
                item.get("payload").s(),
                Instant.parse(item.get("recordedAt").s()));
    }

    private QueryRequest.Builder query(String stream) {
        return QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .keyConditionExpression("#stream = :stream")
                .expressionAttributeNames(Map.of("#stream", STREAM))
                .expressionAttributeValues(Map.of(":stream", s(stream)));
    }

    private static Map<String, AttributeValue> key(String stream, long version) {
        return Map.of(STREAM, s(stream), VERSION, n(version));
    }

    private static Map<String, AttributeValue> toItem(StoredEvent event, PublishedBy publishedBy) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(Map.of(
                STREAM, s(event.stream()),
                VERSION, n(event.version()),
                "eventId", s(event.eventId()),
                "type", s(event.type()),
                "payload", s(event.payload()),
                "recordedAt", s(event.recordedAt().toString())));
        if (publishedBy == PublishedBy.WRITER) {
            item.put(PUBLISHED_BY, s("writer"));
        }
        return item;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
