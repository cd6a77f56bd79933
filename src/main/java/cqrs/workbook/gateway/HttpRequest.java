package cqrs.workbook.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The parts of an API Gateway proxy event that the gateway reads, headers case-blind. */
public record HttpRequest(String method, String path, Map<String, String> headers,
                          Map<String, String> query, byte[] body) {

    /**
     * Reads a request as API Gateway's proxy event carries it; a body marked base64 that is
     * not base64 is the client's mistake.
     */
    public static HttpRequest from(String method, String path, Map<String, String> headers,
                                   Map<String, String> query, String body, boolean base64) throws HttpApi.BadRequest {
        Map<String, String> caseBlind = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            caseBlind.putAll(headers);
        }
        String text = body == null ? "" : body;
        byte[] bytes;
        try {
            bytes = base64 ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw new HttpApi.BadRequest(Problem.invalid(List.of(
                    new FieldError("$", "the body is marked base64 but is not valid base64"))));
        }
        return new HttpRequest(
                method == null ? "" : method.toUpperCase(),
                path == null ? "/" : path,
                caseBlind,
                query == null ? Map.of() : query,
                bytes);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name));
    }
}
