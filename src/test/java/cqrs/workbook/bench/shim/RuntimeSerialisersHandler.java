package cqrs.workbook.bench.shim;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import cqrs.workbook.lambda.Handler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * make bench only, the lever's "before": the handler as it was when it read its events with
 * the Lambda runtime's serialisers. The same three serialisers are set up statically, the
 * event is read and the answer written through them, and the work is the product's handler.
 */
public final class RuntimeSerialisersHandler implements RequestStreamHandler {

    private static final PojoSerializer<APIGatewayProxyRequestEvent> HTTP_REQUEST =
            LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class, RuntimeSerialisersHandler.class.getClassLoader());
    private static final PojoSerializer<APIGatewayProxyResponseEvent> HTTP_RESPONSE =
            LambdaEventSerializers.serializerFor(APIGatewayProxyResponseEvent.class, RuntimeSerialisersHandler.class.getClassLoader());
    private static final PojoSerializer<SQSEvent> SQS_EVENT =
            LambdaEventSerializers.serializerFor(SQSEvent.class, RuntimeSerialisersHandler.class.getClassLoader());

    private final Handler handler = new Handler();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), answer, context);
        if (HTTP_REQUEST.fromJson(new ByteArrayInputStream(event)).getHttpMethod() != null) {
            HTTP_RESPONSE.toJson(HTTP_RESPONSE.fromJson(new ByteArrayInputStream(answer.toByteArray())), output);
        } else {
            SQS_EVENT.fromJson(new ByteArrayInputStream(event));
            output.write(answer.toByteArray());
        }
    }
}
