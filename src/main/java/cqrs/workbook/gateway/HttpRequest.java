package cqrs.workbook.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The parts of an API Gateway proxy event that the gateway reads, headers case-blind. */
public record HttpRequest(String method, String path, Map<String, String> headers,
                          Map<String, String> query, byte[] body) {

    /** Reads the proxy event; a body marked base64 that is not base64 is the client's mistake. */
    public static HttpRequest from(APIGatewayProxyRequestEvent event) throws HttpApi.BadRequest {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (event.getHeaders() != null) {
            headers.putAll(event.getHeaders());
        }
        String body = event.getBody() == null ? "" : event.getBody();
        byte[] bytes;
        try {
            bytes = Boolean.TRUE.equals(event.getIsBase64Encoded())
                    ? Base64.getDecoder().decode(body)
                    : body.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw new HttpApi.BadRequest(Problem.invalid(List.of(
                    new FieldError("$", "the body is marked base64 but is not valid base64"))));
        }
        return new HttpRequest(
                event.getHttpMethod() == null ? "" : event.getHttpMethod().toUpperCase(),
                event.getPath() == null ? "/" : event.getPath(),
                headers,
                event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters(),
                bytes);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name));
    }
}
