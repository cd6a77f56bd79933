package cqrs.workbook.gateway;

import cqrs.workbook.log.Log;
import software.amazon.awssdk.core.exception.SdkException;
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

    /**
     * Wraps the endpoint of a route registered already, such as with {@link Idempotency}: the
     * route's own code stays as it is.
     */
    public HttpApi wrap(String method, String pathPattern, java.util.function.UnaryOperator<Endpoint> wrapper) {
        Route route = routes.stream().filter(r -> r.path().pattern().equals(pathPattern)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no route " + pathPattern));
        Endpoint endpoint = route.methods().get(method);
        if (endpoint == null) {
            throw new IllegalArgumentException("no " + method + " on " + pathPattern);
        }
        route.methods().put(method, wrapper.apply(endpoint));
        return this;
    }

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
                        request.method() + " is not allowed on " + request.path() + "; allowed: "
                        + allow))
                        .withHeader("Allow", allow);
            }
            if (request.body().length > MAX_BODY_BYTES) {
                return HttpResponse.problem(Problem.of(413, "payload-too-large", "Payload too large",
                        "the body has " + request.body().length + " bytes; at most " + MAX_BODY_BYTES
                        + " are accepted"));
            }
            // tag::failures[]
            try {
                return endpoint.handle(request, matcher);
            } catch (BadRequest bad) {
                Log.line("rejected", request.method() + " " + request.path() + " " + bad.problem().status()
                        + " " + bad.problem().toJson());
                return HttpResponse.problem(bad.problem());
            } catch (SdkException awsFailed) {
                // DynamoDB or SNS could not be reached: nothing was decided, the client may retry.
                Log.at("error").warn(request.method() + " " + request.path() + " "
                        + awsFailed.getClass().getSimpleName() + ": " + awsFailed.getMessage());
                return HttpResponse.problem(Problem.of(503, "service-unavailable", "Service unavailable",
                        "a service the system depends on did not answer; retry later"))
                        .withHeader("Retry-After", "1");
            // end::failures[]
            } catch (RuntimeException bug) {
                Log.at("error").warn(request.method() + " " + request.path() + " " + bug);
                return HttpResponse.problem(Problem.of(500, "internal-error", "Internal error",
                        "the request could not be handled; it is logged"));
            }
        }
        return HttpResponse.problem(Problem.of(404, "not-found", "Not found",
                "no route for " + request.method() + " " + request.path()));
    }
}
