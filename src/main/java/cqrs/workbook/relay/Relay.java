package cqrs.workbook.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.aggregate.Aggregates;
import cqrs.workbook.broker.EventPublisher;
import cqrs.workbook.broker.PublishedEvent;
import cqrs.workbook.eventstore.EventStore;
import cqrs.workbook.eventstore.StoredEvent;
import cqrs.workbook.json.Json;
import cqrs.workbook.log.Log;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

// tag::relay[]
/**
 * The fifth role, under {@code EVENT_PUBLISHING=outbox}: the events table's DynamoDB stream
 * hands every new item to this relay, which publishes it to the topic (group = stream,
 * deduplication id = event id, as the command handler would). The stream is the outbox:
 * an item written is an event to publish, and Lambda's event source mapping keeps offering
 * it until the relay reports it done.
 *
 * <p>A batch is published in order. At the first record that fails, the relay stops and
 * reports that record's sequence number in {@code batchItemFailures}: Lambda then retries
 * the batch from there, so no later event of the shard overtakes it, and the earlier ones
 * (published already) are not sent again.
 */
public final class Relay {

    private final EventPublisher publisher;

    public Relay(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** A DynamoDB stream event as Lambda passes it; the answer is the partial batch response. */
    public ObjectNode relay(JsonNode streamEvent) {
        ObjectNode response = Json.PUBLIC.createObjectNode();
        var failures = response.putArray("batchItemFailures");
        for (JsonNode record : streamEvent.path("Records")) {
            String sequenceNumber = record.path("dynamodb").path("SequenceNumber").asText();
            if (!record.path("eventName").asText().equals("INSERT")) {
                continue; // events are only ever added; a removal is a compensation or a wipe
            }
            StoredEvent stored = null;
            try {
                stored = EventStore.fromItem(item(record.path("dynamodb").path("NewImage")));
                PublishedEvent published = Aggregates.publicForm(stored);
                publisher.publish(published);
                Log.at("relay").stream(stored.stream()).version(stored.version()).eventId(stored.eventId())
                        .info(stored.type() + " published");
            } catch (RuntimeException failed) {
                Log.Line line = Log.at("relay");
                if (stored != null) {
                    line.stream(stored.stream()).version(stored.version()).eventId(stored.eventId());
                }
                line.warn("record " + sequenceNumber + " not published, to be retried from here: " + failed);
                failures.addObject().put("itemIdentifier", sequenceNumber);
                break;
            }
        }
        return response;
    }
    // end::relay[]

    /** The item of a NEW_IMAGE, in DynamoDB's JSON (each value under its type: S, N, ...). */
    static Map<String, AttributeValue> item(JsonNode image) {
        if (!image.isObject()) {
            throw new IllegalArgumentException("a stream record without NEW_IMAGE");
        }
        Map<String, AttributeValue> item = new HashMap<>();
        image.properties().forEach(field -> item.put(field.getKey(), value(field.getValue())));
        return item;
    }

    private static AttributeValue value(JsonNode typed) {
        if (typed.has("S")) {
            return AttributeValue.fromS(typed.get("S").asText());
        }
        if (typed.has("N")) {
            return AttributeValue.fromN(typed.get("N").asText());
        }
        if (typed.has("BOOL")) {
            return AttributeValue.fromBool(typed.get("BOOL").asBoolean());
        }
        // The events table holds strings and numbers only.
        throw new IllegalArgumentException("an attribute of a type the event store never writes: " + typed);
    }
}
