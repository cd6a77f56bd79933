package cqrs.workbook.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail. {@code type} names the kind of problem and is stable, so a
 * client can act on it; {@code extensions} carries members such as {@code attemptsLeft}.
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors,
                      Map<String, Object> extensions) {

    public static final String TYPE_PREFIX = "urn:cqrs-workbook:problem:";
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String kind, String title, String detail) {
        return new Problem(TYPE_PREFIX + kind, title, status, detail, List.of(), Map.of());
    }

    public static Problem invalid(List<FieldError> errors) {
        String detail = errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid";
        return new Problem(TYPE_PREFIX + "invalid-request", "Invalid request", 400, detail,
                List.copyOf(errors), Map.of());
    }

    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, detail, errors, more);
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.PUBLIC.createObjectNode()
                .put("type", type)
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        if (!errors.isEmpty()) {
            json.set("errors", Json.PUBLIC.valueToTree(errors));
        }
        extensions.forEach((member, value) -> json.set(member, Json.PUBLIC.valueToTree(value)));
        return json;
    }
}
