package cqrs.workbook.eventstore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
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

    // tag::read-latest[]
    /**
     * The end of a stream, oldest first: read backwards, newest first, a page at a time, and
     * stop at the first event that {@code restatesState}. A command that needs only the
     * latest state reads one or two items, however long the stream has grown.
     */
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

    // tag::append[]
    /**
     * Appends one event. The condition is the optimistic lock: the put is refused when an
     * item with this stream and version exists already.
     */
    public void append(StoredEvent event) throws VersionTaken {
        try {
            dynamo.putItem(put -> put
                    .tableName(table)
                    .item(toItem(event))
                    .conditionExpression("attribute_not_exists(#version)")
                    .expressionAttributeNames(Map.of("#version", VERSION))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        } catch (ConditionalCheckFailedException taken) {
            throw new VersionTaken(event.stream(), event.version());
        }
    }
    // end::append[]

    // tag::compensate[]
    /**
     * Deletes exactly this event: the condition on its id keeps a compensation from deleting
     * an event that another writer has stored at the same version since.
     */
    public void delete(StoredEvent event) {
        try {
            dynamo.deleteItem(delete -> delete
                    .tableName(table)
                    .key(key(event.stream(), event.version()))
                    .conditionExpression("eventId = :eventId")
                    .expressionAttributeValues(Map.of(":eventId", s(event.eventId()))));
        } catch (ConditionalCheckFailedException alreadyGone) {
            // Nothing of ours is left to delete.
        }
    }
    // end::compensate[]

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

    private static Map<String, AttributeValue> toItem(StoredEvent event) {
        return Map.of(
                STREAM, s(event.stream()),
                VERSION, n(event.version()),
                "eventId", s(event.eventId()),
                "type", s(event.type()),
                "payload", s(event.payload()),
                "recordedAt", s(event.recordedAt().toString()));
    }

    private static StoredEvent fromItem(Map<String, AttributeValue> item) {
        return new StoredEvent(
                item.get(STREAM).s(),
                Long.parseLong(item.get(VERSION).n()),
                item.get("eventId").s(),
                item.get("type").s(),
                item.get("payload").s(),
                Instant.parse(item.get("recordedAt").s()));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
