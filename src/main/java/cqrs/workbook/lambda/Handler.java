package cqrs.workbook.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import cqrs.workbook.gateway.HttpApi;
import cqrs.workbook.gateway.HttpRequest;
import cqrs.workbook.gateway.HttpResponse;
import cqrs.workbook.json.Json;
import cqrs.workbook.lambda.events.ApiGatewayRequest;
import cqrs.workbook.lambda.events.ApiGatewayResponse;
import cqrs.workbook.lambda.events.SqsEvent;
import cqrs.workbook.invocation.Deadline;
import cqrs.workbook.log.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.crac.Core;

/**
 * The single entry point of the Lambda, for all its roles. It looks at the shape of the
 * incoming JSON: an API Gateway proxy event goes to the HTTP gateway (commands and
 * queries); a DynamoDB stream event of the events table goes to the relay; an SQS event
 * goes to the consumers (projection and event handler). The events
 * are read into the project's own small records ({@code lambda.events}) with the mapper the
 * function uses anyway: the runtime's event serialisers would cost half a second of start-up.
 */
public final class Handler implements RequestStreamHandler {

    private final Application application;

    /** Called by Lambda: the configuration is the function's environment. */
    public Handler() {
        this(Application.create(Config.from(System.getenv()), Clock.systemUTC(), List.of()));
        Priming priming = new Priming(this);
        // SnapStart: warm the handler just before the snapshot is taken (a no-op elsewhere).
        Core.getGlobalContext().register(priming);
        // Provisioned concurrency initialises ahead of traffic: no caller waits for this init.
        if ("provisioned-concurrency".equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"))) {
            priming.prime();
        }
    }

    public Handler(Application application) {
        this.application = application;
    }

    Application application() {
        return application;
    }

    /**
     * What SnapStart runs before the snapshot (see {@link Priming}): public so that a scenario
     * can show that it changes nothing. Gives each priming request's answer.
     */
    public Map<String, String> prime() {
        return new Priming(this).prime();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output,
            Context context) throws IOException {
        Log.requestId(context == null ? null : context.getAwsRequestId());
        JsonNode event = Json.PUBLIC.readTree(input);
        Deadline deadline = context == null ? Deadline.current()
                : Deadline.in(Duration.ofMillis(context.getRemainingTimeInMillis())
                        .minus(Config.ANSWER_RESERVE));
        Object answer = deadline.run(() -> answer(event));
        Json.PUBLIC.writeValue(output, answer);
    }

    private Object answer(JsonNode event) {
        try {
            return route(event);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // tag::entry-point[]
    private Object route(JsonNode event) throws IOException {
        if (event.has("httpMethod")) {
            return http(Json.PUBLIC.treeToValue(event, ApiGatewayRequest.class));
        } else if (event.path("Records").path(0).path("eventSource").asText()
                .equals("aws:dynamodb")) {
            return application.relay(event);
        } else if (event.has("Records")) {
            return application.consume(Json.PUBLIC.treeToValue(event, SqsEvent.class));
        } else {
            throw new IllegalArgumentException("not an event this function handles: "
                    + (event.isObject() ? event.properties().stream().map(e -> e.getKey()).toList()
                            : event.getNodeType()));
        }
    }
    // end::entry-point[]

    ApiGatewayResponse http(ApiGatewayRequest request) {
        HttpResponse response;
        try {
            var context = request.requestContext();
            response = application.http().handle(HttpRequest.from(new HttpRequest.ProxyEvent(
                    request.httpMethod(), request.path(), context == null ? null : context.path(),
                    context == null ? null : context.stage(), request.headers(),
                    request.multiValueHeaders(), request.queryStringParameters(),
                    request.multiValueQueryStringParameters(), request.body(),
                    request.isBase64Encoded())));
        } catch (HttpApi.BadRequest unreadable) {
            response = HttpResponse.problem(unreadable.problem());
        }
        Log.line("http", request.httpMethod() + " " + request.path() + " -> " + response.status());
        return new ApiGatewayResponse(response.status(), response.headers(), response.body(),
                false);
    }
}
