package cqrs.workbook.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Names and serialises the events of one aggregate. An event's type is its record's simple
 * name; the permitted subclasses of the sealed event interface are the whole vocabulary.
 */
public final class EventCodec<E> {

    private final Map<String, Class<? extends E>> types;

    @SuppressWarnings("unchecked")
    public EventCodec(Class<E> sealedEvents) {
        this.types = Arrays.stream(sealedEvents.getPermittedSubclasses())
                .map(c -> (Class<? extends E>) c)
                .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));
    }

    public String type(E event) {
        return event.getClass().getSimpleName();
    }

    /** The stored form: every field, the code's hash included. */
    public String toStoredJson(E event) {
        return jackson(() -> Json.STORE.writeValueAsString(event));
    }

    /** The public form: what subscribers and logs may see. */
    public JsonNode toPublicJson(E event) {
        return Json.PUBLIC.valueToTree(event);
    }

    public E fromStoredJson(String type, String json) {
        Class<? extends E> eventClass = eventClass(type);
        return jackson(() -> Json.STORE.readValue(json, eventClass));
    }

    /**
     * Reads a published payload back into the event, for the consumers. What the public form
     * leaves out (a code's hash) is {@code null} in the event read.
     */
    public E fromPublicJson(String type, JsonNode json) {
        Class<? extends E> eventClass = eventClass(type);
        return jackson(() -> Json.PUBLIC.treeToValue(json, eventClass));
    }

    /** True when {@code type} names one of this aggregate's events. */
    public boolean knows(String type) {
        return types.containsKey(type);
    }

    private Class<? extends E> eventClass(String type) {
        Class<? extends E> eventClass = types.get(type);
        if (eventClass == null) {
            throw new UnknownEventType(type);
        }
        return eventClass;
    }

    /** A type that no event of this aggregate has: written by a newer version of the system, say. */
    public static final class UnknownEventType extends IllegalArgumentException {
        public UnknownEventType(String type) {
            super("unknown event type " + type);
        }
    }

    private interface JsonCall<T> {
        T call() throws JsonProcessingException;
    }

    private static <T> T jackson(JsonCall<T> call) {
        try {
            return call.call();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
