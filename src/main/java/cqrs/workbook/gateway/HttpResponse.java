package cqrs.workbook.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** An answer of the gateway: status, headers, and a JSON body or none. */
public record HttpResponse(int status, Map<String, String> headers, String body) {

    public static final String JSON = "application/json; charset=utf-8";

    public static HttpResponse json(int status, JsonNode body) {
        return new HttpResponse(status, Map.of("Content-Type", JSON), body.toString());
    }

    public static HttpResponse problem(Problem problem) {
        return new HttpResponse(problem.status(), Map.of("Content-Type", Problem.MEDIA_TYPE),
                problem.toJson().toString());
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpResponse(status, more, body);
    }
}
