package cqrs.workbook.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Names and serialises the events of one aggregate. An event's type is its record's simple
 * name; the permitted subclasses of the sealed event interface are the whole vocabulary.
 */
/*
 * Events are read tolerantly: a field this version does not know (written by a newer
 * version, during a rollback or while two versions run behind an alias) is ignored, and an
 * older revision is upcast first. Input from outside is read strictly elsewhere: the
 * gateway refuses unknown fields (JsonBody).
 */
public final class EventCodec<E> {

    private final Map<String, Class<? extends E>> types;
    private final List<Upcaster> upcasters;

    public EventCodec(Class<E> sealedEvents) {
        this(sealedEvents, List.of());
    }

    @SuppressWarnings("unchecked")
    public EventCodec(Class<E> sealedEvents, List<Upcaster> upcasters) {
        this.types = Arrays.stream(sealedEvents.getPermittedSubclasses())
                .map(c -> (Class<? extends E>) c)
                .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));
        this.upcasters = List.copyOf(upcasters);
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
        return jackson(() -> tolerant(Json.STORE, eventClass)
                .treeToValue(upcast(type, Json.STORE.readTree(json)), eventClass));
    }

    /**
     * Reads a published payload back into the event, for the consumers. What the public form
     * leaves out (a code's hash) is {@code null} in the event read.
     */
    public E fromPublicJson(String type, JsonNode json) {
        Class<? extends E> eventClass = eventClass(type);
        return jackson(() -> tolerant(Json.PUBLIC, eventClass).treeToValue(upcast(type, json),
                eventClass));
    }

    // tag::read-event[]
    private static ObjectReader tolerant(com.fasterxml.jackson.databind.ObjectMapper mapper,
            Class<?> eventClass) {
        return mapper.readerFor(eventClass).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The payload in the current revision: each upcaster of the type that recognises it, in turn. */
    private JsonNode upcast(String type, JsonNode payload) {
        JsonNode current = payload;
        for (Upcaster upcaster : upcasters) {
            if (upcaster.type().equals(type) && current instanceof ObjectNode object
                    && upcaster.recognises(object)) {
                current = upcaster.upcast(object.deepCopy());
            }
        }
        return current;
    }
    // end::read-event[]

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
