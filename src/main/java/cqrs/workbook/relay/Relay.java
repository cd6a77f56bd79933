package cqrs.workbook.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.aggregate.Aggregates;
import cqrs.workbook.broker.EventPublisher;
import cqrs.workbook.broker.PublishedEvent;
import cqrs.workbook.eventstore.EventStore;
import cqrs.workbook.eventstore.StoredEvent;
import cqrs.workbook.invocation.Deadline;
import cqrs.workbook.json.Json;
import cqrs.workbook.log.Log;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The fifth role: the events table's DynamoDB stream hands every new item to this relay,
 * which publishes it to the topic (group = stream, deduplication id = event id, as the
 * command handler would). The stream is the outbox: an item written is an event to publish,
 * and Lambda's event source mapping keeps offering it until the relay reports it done.
 *
 * <p>A batch is published in order. At the first record that fails, the relay stops and
 * reports that record's sequence number in {@code batchItemFailures}: Lambda then retries
 * the batch from there, so no later event of the shard overtakes it, and the earlier ones
 * (published already) are not sent again. The mapping retries without limit: a broker down
 * for hours blocks the shard, and the events wait in order, none dropped.
 *
 * <p>Two things are not failures. An item that cannot be read back into an event will
 * never publish, however often it is retried, and would block its shard for good: it is
 * parked with its identity and reported done. An item that its writer publishes itself
 * (written under compensation) is skipped: publishing it here would send it twice, or
 * publish an event that a compensation has since deleted.
 */
public final class Relay {

    private final EventPublisher publisher;
    private final ParkingQueue parking;
    /** The longest one record can take: a publish, or a park, with their retries. */
    private final Duration perRecord;

    public Relay(EventPublisher publisher, ParkingQueue parking, Duration perRecord) {
        this.publisher = publisher;
        this.parking = parking;
        this.perRecord = perRecord;
    }

    /** A DynamoDB stream event as Lambda passes it; the answer is the partial batch response. */
    // tag::relay[]
    public ObjectNode relay(JsonNode streamEvent) {
        ObjectNode response = Json.PUBLIC.createObjectNode();
        var failures = response.putArray("batchItemFailures");
        Deadline deadline = Deadline.current();
        for (JsonNode record : streamEvent.path("Records")) {
            String sequenceNumber = record.path("dynamodb").path("SequenceNumber").asText();
            if (!record.path("eventName").asText().equals("INSERT")) {
                continue; // events are only ever added; a removal is a compensation or a wipe
            }
            if (!deadline.allows(perRecord)) {
                // Lambda would end the invocation mid-publish: stop here, retried from this record.
                Log.at("relay").info("record " + sequenceNumber
                        + " and the rest left for the next invocation:"
                        + " the deadline is near");
                failures.addObject().put("itemIdentifier", sequenceNumber);
                break;
            }
            if (!relayOne(record, sequenceNumber)) {
                failures.addObject().put("itemIdentifier", sequenceNumber);
                break;
            }
        }
        return response;
    }
    // end::relay[]

    /** True when the record is done: published, skipped, or parked. */
    private boolean relayOne(JsonNode record, String sequenceNumber) {
        JsonNode image = record.path("dynamodb").path("NewImage");
        StoredEvent stored;
        PublishedEvent published;
        try {
            Map<String, AttributeValue> item = item(image);
            if (EventStore.publishedByWriter(item)) {
                return true;
            }
            stored = EventStore.fromItem(item);
            published = Aggregates.publicForm(stored);
        } catch (RuntimeException undecodable) {
            return park(image, sequenceNumber, undecodable);
        }
        try {
            publisher.publish(published);
            Log.at("relay").stream(stored.stream()).version(stored.version())
                    .eventId(stored.eventId())
                    .info(stored.type() + " published");
            return true;
        } catch (RuntimeException failed) {
            Log.at("relay").stream(stored.stream()).version(stored.version())
                    .eventId(stored.eventId())
                    .warn("record " + sequenceNumber + " not published, to be retried from here: "
                            + failed);
            return false;
        }
    }

    // tag::park[]
    /** The identity of an event that cannot be decoded, read from its item as far as it goes. */
    private boolean park(JsonNode image, String sequenceNumber, RuntimeException why) {
        ObjectNode identity = Json.PUBLIC.createObjectNode()
                .put("stream", image.path("stream").path("S").asText(null))
                .put("version", image.path("version").path("N").asLong())
                .put("eventId", image.path("eventId").path("S").asText(null))
                .put("type", image.path("type").path("S").asText(null))
                .put("sequenceNumber", sequenceNumber)
                // The exceptions' kinds only: a parser's message may quote the payload,
                // a code's hash included.
                .put("reason", why.getClass().getSimpleName() + (why.getCause() == null ? ""
                        : " caused by " + why.getCause().getClass().getSimpleName()));
    // end::park[]
        try {
            parking.park(identity);
        } catch (RuntimeException parkingFailed) {
            Log.at("relay").warn("record " + sequenceNumber + " undecodable, and parking it failed: "
                    + parkingFailed + "; retried from here");
            return false;
        }
        Log.at("relay").stream(identity.path("stream").asText())
                .version(identity.path("version").asLong())
                .eventId(identity.path("eventId").asText())
                .alert("undecodable event parked: " + identity.path("reason").asText());
        return true;
    }

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
