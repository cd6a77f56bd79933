package cqrs.workbook.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parts of an API Gateway proxy event that the gateway reads, headers case-blind.
 *
 * @param basePath what comes before {@code path} in the URL the client called: the stage
 *                 ({@code /Prod}) on the API's own domain, a custom domain's base path, or
 *                 nothing; a {@code Location} must carry it to be followable
 * @param headers  every value of every header, as API Gateway's {@code multiValueHeaders}
 * @param query    every value of every query parameter ({@code multiValueQueryStringParameters})
 */
public record HttpRequest(String method, String path, String basePath, Map<String, List<String>> headers,
                          Map<String, List<String>> query, byte[] body) {

    public HttpRequest {
        Map<String, List<String>> caseBlind = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> caseBlind.merge(name, List.copyOf(values),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        headers = caseBlind;
        query = Map.copyOf(query);
    }

    /** The fields of API Gateway's proxy event that make a request; any of them may be null. */
    public record ProxyEvent(String httpMethod, String path, String contextPath, String stage,
                             Map<String, String> headers, Map<String, List<String>> multiValueHeaders,
                             Map<String, String> queryStringParameters,
                             Map<String, List<String>> multiValueQueryStringParameters,
                             String body, boolean isBase64Encoded) {}

    /**
     * Reads the proxy event. A repeated header or query parameter appears once in
     * {@code headers} (its last value) and whole in {@code multiValueHeaders}: the gateway
     * reads the latter. A body marked base64 that is not base64 is the client's mistake.
     */
    public static HttpRequest from(ProxyEvent event) throws HttpApi.BadRequest {
        String path = event.path() == null ? "/" : event.path();
        return new HttpRequest(
                event.httpMethod() == null ? "" : event.httpMethod().toUpperCase(java.util.Locale.ROOT),
                path,
                // tag::from-event[]
                basePath(event.contextPath(), event.stage(), path),
                multi(event.multiValueHeaders(), event.headers(),
                        new TreeMap<>(String.CASE_INSENSITIVE_ORDER)),
                multi(event.multiValueQueryStringParameters(), event.queryStringParameters(),
                        new TreeMap<>()),
                // end::from-event[]
                body(event.body(), event.isBase64Encoded()));
    }

    /**
     * {@code requestContext.path} is the path the client called ({@code /Prod/orgs}), {@code path}
     * the resource path ({@code /orgs}); what the first has in front of the second is the base.
     */
    private static String basePath(String called, String stage, String path) {
        if (called != null) {
            return called.endsWith(path)
                    ? stripTrailingSlash(called.substring(0, called.length() - path.length()))
                    : "";
        }
        return stage == null || stage.isBlank() || stage.equals("$default") ? "" : "/" + stage;
    }

    private static String stripTrailingSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The multi-value form where API Gateway sent it, else the single-value one. */
    private static Map<String, List<String>> multi(Map<String, List<String>> multi, Map<String, String> single,
                                                   Map<String, List<String>> values) {
        if (single != null) {
            single.forEach((name, value) -> values.put(name, List.of(value == null ? "" : value)));
        }
        if (multi != null) {
            multi.forEach((name, list) -> values.put(name, list == null ? List.of()
                    : list.stream().map(v -> v == null ? "" : v).toList()));
        }
        return values;
    }

    private static byte[] body(String body, boolean base64) throws HttpApi.BadRequest {
        String text = body == null ? "" : body;
        try {
            return base64 ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw new HttpApi.BadRequest(Problem.invalid(List.of(
                    new FieldError("$", "the body is marked base64 but is not valid base64"))));
        }
    }

    /** A header's value; a repeated header's values joined by commas, as RFC 9110 combines them. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
    }

    /** A query parameter given at most once; given twice, it is ambiguous and the request is refused. */
    public Optional<String> queryParameter(String name) throws HttpApi.BadRequest {
        List<String> values = query.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new HttpApi.BadRequest(Problem.invalid(List.of(new FieldError(name,
                    "is given " + values.size() + " times; give it once"))));
        }
        return values.stream().findFirst();
    }

    /** The path a client follows to {@code resourcePath} (e.g. {@code /orgs/42}) through the way it came. */
    public String link(String resourcePath) {
        return basePath + resourcePath;
    }
}
