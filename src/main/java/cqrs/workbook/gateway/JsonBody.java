package cqrs.workbook.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import cqrs.workbook.gateway.HttpApi.BadRequest;
import cqrs.workbook.json.Json;
import java.io.IOException;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import cqrs.workbook.kernel.InvalidValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads one JSON object of a request into value objects, collecting every invalid field
 * instead of stopping at the first, so that a client learns all its mistakes at once.
 */
public final class JsonBody {

    private final JsonNode node;
    private final String path;
    private final List<FieldError> errors;

    private JsonBody(JsonNode node, String path, List<FieldError> errors) {
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    private static final ObjectReader STRICT_JSON = Json.PUBLIC.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The body as a JSON object reader; malformed JSON or another media type is a bad request. */
    static JsonBody of(HttpRequest request) throws BadRequest {
        String contentType = request.header("Content-Type").orElse("application/json");
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new BadRequest(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "the body must be application/json, not " + contentType));
        }
        JsonNode node;
        try {
            node = STRICT_JSON.readTree(request.body());
        } catch (JsonProcessingException malformed) {
            // Only where, never what: the parser's message quotes the body, which may hold a code.
            var at = malformed.getLocation();
            throw new BadRequest(Problem.invalid(List.of(new FieldError("$", at == null ? "malformed JSON"
                    : "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr()))));
        } catch (IOException unreadable) {
            throw new BadRequest(Problem.invalid(List.of(new FieldError("$", "unreadable body"))));
        }
        return root(node);
    }

    /** A body that may be left out: none is read as an empty object. */
    static JsonBody ofOptional(HttpRequest request) throws BadRequest {
        return request.body().length == 0 ? root(Json.PUBLIC.createObjectNode()) : of(request);
    }

    /** Ends reading: any invalid field, and the request is answered 400 with all of them. */
    void requireValid() throws BadRequest {
        if (!errors.isEmpty()) {
            throw new BadRequest(Problem.invalid(errors));
        }
    }

    static JsonBody root(JsonNode node) {
        List<FieldError> errors = new ArrayList<>();
        if (node == null || !node.isObject()) {
            errors.add(new FieldError("$", "the body must be a JSON object"));
            return new JsonBody(null, "", errors);
        }
        return new JsonBody(node, "", errors);
    }

    List<FieldError> errors() {
        return errors;
    }

    /** A required string field, made into a value object; null when invalid. */
    <T> T required(String name, Function<String, T> valueObject) {
        if (node == null) {
            return null; // the enclosing object is missing or invalid, and reported as such
        }
        JsonNode field = field(name);
        if (field == null || field.isNull()) {
            errors.add(new FieldError(path(name), "is required"));
            return null;
        }
        return parse(name, field, valueObject);
    }

    /** An optional string field: absent or null means empty. */
    <T> Optional<T> optional(String name, Function<String, T> valueObject) {
        JsonNode field = field(name);
        if (field == null || field.isNull()) {
            return Optional.empty();
        }
        return Optional.ofNullable(parse(name, field, valueObject));
    }

    /** A required nested object. */
    JsonBody object(String name) {
        if (node == null) {
            return this;
        }
        JsonNode field = field(name);
        if (field == null || field.isNull()) {
            errors.add(new FieldError(path(name), "is required"));
        } else if (!field.isObject()) {
            errors.add(new FieldError(path(name), "must be an object, not " + describe(field)));
        }
        return new JsonBody(field != null && field.isObject() ? field : null, path(name), errors);
    }

    /** Every member that is not one of {@code known} is reported as an error. */
    JsonBody onlyKnown(String... known) {
        if (node != null && node.isObject()) {
            Set<String> allowed = Set.of(known);
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    errors.add(new FieldError(path(name), "is not a known field"));
                }
            }
        }
        return this;
    }

    private JsonNode field(String name) {
        return node == null || !node.isObject() ? null : node.get(name);
    }

    private <T> T parse(String name, JsonNode field, Function<String, T> valueObject) {
        if (!field.isTextual()) {
            errors.add(new FieldError(path(name), "must be a string, not " + describe(field)));
            return null;
        }
        try {
            return valueObject.apply(field.textValue());
        } catch (InvalidValue invalid) {
            errors.add(new FieldError(path(name), invalid.getMessage()));
            return null;
        }
    }

    private String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String describe(JsonNode node) {
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> type.name().toLowerCase();
        };
    }
}
