package cqrs.workbook.broker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.eventstore.StoredEvent;
import cqrs.workbook.json.EventCodec;
import cqrs.workbook.json.Json;
import java.time.Instant;

// tag::published-event[]
/**
 * An event as subscribers receive it: where it belongs (stream and version), what it is
 * (type), and its public payload, which never holds a secret. This is the published
 * language between the command side and its consumers; they see no domain classes.
 */
public record PublishedEvent(String stream, long version, String type, String eventId,
        Instant recordedAt,
                             JsonNode payload) {
// end::published-event[]

    /**
     * The one way a stored event becomes a published one: its aggregate's codec reads the
     * stored payload and writes the public one, which cannot hold a code's hash.
     */
    public static <E> PublishedEvent of(StoredEvent stored, EventCodec<E> codec) {
        return of(stored, codec.fromStoredJson(stored.type(), stored.payload()), codec);
    }

    /** The same, for an event the caller holds decoded already. */
    public static <E> PublishedEvent of(StoredEvent stored, E event, EventCodec<E> codec) {
        return new PublishedEvent(stored.stream(), stored.version(), stored.type(), stored.eventId(),
                stored.recordedAt(), codec.toPublicJson(event));
    }

    public String toJson() {
        ObjectNode body = Json.PUBLIC.createObjectNode()
                .put("stream", stream)
                .put("version", version)
                .put("type", type)
                .put("eventId", eventId)
                .put("recordedAt", recordedAt.toString());
        body.set("payload", payload);
        return body.toString();
    }

    /** Reads a message body; anything that is not a well-formed event is refused. */
    public static PublishedEvent parse(String body) {
        JsonNode json;
        try {
            json = Json.PUBLIC.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an event: malformed JSON", e);
        }
        if (json == null || !json.path("stream").isTextual() || json.path("stream").asText().indexOf('#') < 1
                || !json.path("version").canConvertToLong() || !json.path("type").isTextual()
                || !json.path("payload").isObject()) {
            throw new IllegalArgumentException("not an event: stream, version, type or payload missing");
        }
        return new PublishedEvent(json.path("stream").asText(), json.path("version").asLong(),
                json.path("type").asText(), json.path("eventId").asText(),
                Instant.parse(json.path("recordedAt").asText()), json.path("payload"));
    }
}
