package cqrs.workbook.broker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.eventstore.StoredEvent;
import cqrs.workbook.json.Json;
import java.time.Instant;

// tag::published-event[]
/**
 * An event as subscribers receive it: where it belongs (stream and version), what it is
 * (type), and its public payload, which never holds a secret. This is the published
 * language between the command side and its consumers; they see no domain classes.
 */
public record PublishedEvent(String stream, long version, String type, String eventId, Instant recordedAt,
                             JsonNode payload) {
// end::published-event[]

    /** The published form of a stored event, given the public form of its payload. */
    public static PublishedEvent of(StoredEvent stored, JsonNode publicPayload) {
        return new PublishedEvent(stored.stream(), stored.version(), stored.type(), stored.eventId(),
                stored.recordedAt(), publicPayload);
    }

    /** The aggregate's name: the stream's prefix, {@code otp} or {@code org}. */
    public String aggregate() {
        return stream.substring(0, stream.indexOf('#'));
    }

    /** The aggregate's id: the stream's name after the prefix. */
    public String aggregateId() {
        return stream.substring(stream.indexOf('#') + 1);
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
