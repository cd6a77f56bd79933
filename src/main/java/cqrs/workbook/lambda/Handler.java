package cqrs.workbook.lambda;

import cqrs.workbook.log.Log;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import cqrs.workbook.gateway.HttpApi;
import cqrs.workbook.gateway.HttpRequest;
import cqrs.workbook.gateway.HttpResponse;
import cqrs.workbook.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;

// tag::entry-point[]
/**
 * The single entry point of the Lambda, for all its roles. It looks at the shape of the
 * incoming JSON: an API Gateway proxy event goes to the HTTP gateway (commands and
 * queries); an SQS event goes to the consumers (projection and event handler). The events
 * are read with the Lambda runtime's own serialisers, so they are what Lambda would pass.
 */
public final class Handler implements RequestStreamHandler {

    private static final PojoSerializer<APIGatewayProxyRequestEvent> HTTP_REQUEST =
            LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class, Handler.class.getClassLoader());
    private static final PojoSerializer<APIGatewayProxyResponseEvent> HTTP_RESPONSE =
            LambdaEventSerializers.serializerFor(APIGatewayProxyResponseEvent.class, Handler.class.getClassLoader());

    private static final PojoSerializer<SQSEvent> SQS_EVENT =
            LambdaEventSerializers.serializerFor(SQSEvent.class, Handler.class.getClassLoader());

    private final Application application;

    /** Called by Lambda: the configuration is the function's environment. */
    public Handler() {
        this(Application.create(Config.from(System.getenv()), Clock.systemUTC(), List.of()));
    }

    public Handler(Application application) {
        this.application = application;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Log.requestId(context == null ? null : context.getAwsRequestId());
        byte[] event = input.readAllBytes();
        JsonNode shape = Json.PUBLIC.readTree(event);
        if (shape.has("httpMethod")) {
            APIGatewayProxyRequestEvent request = HTTP_REQUEST.fromJson(new ByteArrayInputStream(event));
            HttpResponse response;
            try {
                response = application.http().handle(HttpRequest.from(request));
            } catch (HttpApi.BadRequest unreadable) {
                response = HttpResponse.problem(unreadable.problem());
            }
            Log.line("http", request.getHttpMethod() + " " + request.getPath() + " -> " + response.status());
            HTTP_RESPONSE.toJson(response.toEvent(), output);
        } else if (shape.path("Records").path(0).path("eventSource").asText().equals("aws:dynamodb")) {
            Json.PUBLIC.writeValue(output, application.relay(shape));
        } else if (shape.has("Records")) {
            SQSBatchResponse response = application.consume(SQS_EVENT.fromJson(new ByteArrayInputStream(event)));
            Json.PUBLIC.writeValue(output, response);
        } else {
            throw new IllegalArgumentException("not an event this function handles: "
                    + (shape.isObject() ? shape.properties().stream().map(e -> e.getKey()).toList() : shape.getNodeType()));
        }
    }
}
// end::entry-point[]
