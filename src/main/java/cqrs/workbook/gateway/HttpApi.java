package cqrs.workbook.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import cqrs.workbook.json.Json;
import cqrs.workbook.lambda.Log;
import software.amazon.awssdk.core.exception.SdkException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP face of the Lambda: finds the route, enforces the conventions every route shares
 * (JSON bodies of at most 64 KiB, 404, 405 with {@code Allow}), and turns any bad input into
 * problem JSON before a command exists.
 */
public final class HttpApi {

    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** What a route does with a request; {@code path} holds the route's captured groups. */
    @FunctionalInterface
    public interface Endpoint {
        HttpResponse handle(HttpRequest request, Matcher path) throws BadRequest;
    }

    /** Bad input found while reading a request: answered as it is, nothing else happens. */
    public static final class BadRequest extends Exception {
        private final transient Problem problem;

        public BadRequest(Problem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    private record Route(Pattern path, Map<String, Endpoint> methods) {}

    private static final ObjectReader STRICT_JSON = Json.PUBLIC.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final List<Route> routes = new ArrayList<>();

    public HttpApi route(String method, String pathPattern, Endpoint endpoint) {
        Pattern pattern = Pattern.compile(pathPattern);
        Route route = routes.stream().filter(r -> r.path().pattern().equals(pathPattern)).findFirst()
                .orElseGet(() -> {
                    Route created = new Route(pattern, new LinkedHashMap<>());
                    routes.add(created);
                    return created;
                });
        route.methods().put(method, endpoint);
        return this;
    }

    // tag::dispatch[]
    public HttpResponse handle(HttpRequest request) {
        for (Route route : routes) {
            Matcher matcher = route.path().matcher(request.path());
            if (!matcher.matches()) {
                continue;
            }
            Endpoint endpoint = route.methods().get(request.method());
            if (endpoint == null) {
                String allow = String.join(", ", new TreeSet<>(route.methods().keySet()));
                return HttpResponse.problem(Problem.of(405, "method-not-allowed", "Method not allowed",
                        request.method() + " is not allowed on " + request.path() + "; allowed: " + allow))
                        .withHeader("Allow", allow);
            }
            if (request.body().length > MAX_BODY_BYTES) {
                return HttpResponse.problem(Problem.of(413, "payload-too-large", "Payload too large",
                        "the body has " + request.body().length + " bytes; at most " + MAX_BODY_BYTES + " are accepted"));
            }
            try {
                return endpoint.handle(request, matcher);
            } catch (BadRequest bad) {
                Log.line("rejected", request.method() + " " + request.path() + " " + bad.problem().status()
                        + " " + bad.problem().toJson());
                return HttpResponse.problem(bad.problem());
            } catch (SdkException awsFailed) {
                // DynamoDB or SNS could not be reached: nothing was decided, the client may retry.
                Log.line("error", request.method() + " " + request.path() + " " + awsFailed.getClass().getSimpleName()
                        + ": " + awsFailed.getMessage());
                return HttpResponse.problem(Problem.of(503, "service-unavailable", "Service unavailable",
                        "a service the system depends on did not answer; retry later")).withHeader("Retry-After", "1");
            } catch (RuntimeException bug) {
                Log.line("error", request.method() + " " + request.path() + " " + bug);
                return HttpResponse.problem(Problem.of(500, "internal-error", "Internal error",
                        "the request could not be handled; it is logged"));
            }
        }
        return HttpResponse.problem(Problem.of(404, "not-found", "Not found",
                "no route for " + request.method() + " " + request.path()));
    }
    // end::dispatch[]

    /** The body as a JSON object reader; malformed JSON or another media type is a bad request. */
    public static JsonBody body(HttpRequest request) throws BadRequest {
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
        return JsonBody.root(node);
    }

    /** Ends reading: any invalid field, and the request is answered 400 with all of them. */
    public static void requireValid(JsonBody body) throws BadRequest {
        if (!body.errors().isEmpty()) {
            throw new BadRequest(Problem.invalid(body.errors()));
        }
    }
}
