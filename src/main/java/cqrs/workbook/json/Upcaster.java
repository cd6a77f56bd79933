package cqrs.workbook.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the stored form of an older revision of one event type into the current one, before
 * the event is read. Events are never rewritten in the store: every reader (a command's
 * replay, the relay, the projection's rebuild, a consumer reading a message published by an
 * older relay) reads the old form through the same upcasters and sees only the current
 * record. A revision is told by the payload's shape, which each upcaster names.
 */
public interface Upcaster {

    /** The event type whose older revision this reads. */
    String type();

    /** True when {@code payload} is of the older revision. */
    boolean recognises(JsonNode payload);

    /** The payload in the next revision's shape. */
    ObjectNode upcast(ObjectNode payload);
}
