package cqrs.workbook.emulator;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

// tag::invoker[]
/**
 * Does what Lambda does in front of the handler: turns a request into the JSON event that
 * API Gateway would send, passes it to the handler's stream entry point, and reads back
 * the JSON it answers. No part of the handler is bypassed.
 */
public final class LambdaInvoker {
// end::invoker[]

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final RequestStreamHandler handler;
    /** What the context says is left of the invocation when it starts: Lambda's timeout, here and in the template. */
    private final int remainingMillis;

    public LambdaInvoker(RequestStreamHandler handler) {
        this(handler, 15_000);
    }

    private LambdaInvoker(RequestStreamHandler handler, int remainingMillis) {
        this.handler = handler;
        this.remainingMillis = remainingMillis;
    }

    /** The same handler, invoked as if only {@code millis} were left of each invocation. */
    public LambdaInvoker withRemainingTime(int millis) {
        return new LambdaInvoker(handler, millis);
    }

    /** An HTTP exchange as the client saw it. */
    public record Exchange(String method, String path, Map<String, String> requestHeaders, String requestBody,
                           int status, Map<String, String> headers, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body == null || body.isEmpty() ? "null" : body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            Map<String, String> caseBlind = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            caseBlind.putAll(headers);
            return caseBlind.get(name);
        }
    }

    public Exchange http(String method, String pathAndQuery, Map<String, String> headers, String body) {
        return http(method, pathAndQuery, multi(headers), body, "");
    }

    /**
     * A request with repeated headers, through a base path: {@code /Prod} as on the API's
     * own domain (the stage), a custom domain's base path, or {@code ""} as on this machine.
     */
    public Exchange http(String method, String pathAndQuery, Map<String, List<String>> headers, String body,
                         String basePath) {
        JsonNode answer;
        try {
            answer = invoke(apiGatewayEvent(method, pathAndQuery, headers, body, basePath));
        } catch (RuntimeException | Error functionFailed) {
            // The invocation failed (the process died, say): API Gateway answers for the
            // function, as the template's INTEGRATION_FAILURE response says.
            System.out.println("lambda     invocation failed: " + functionFailed);
            answer = JSON.createObjectNode().put("statusCode", 502)
                    .put("body", "{\"type\": \"urn:cqrs-workbook:problem:bad-gateway\", \"title\": \"Bad gateway\", "
                            + "\"status\": 502, \"detail\": \"the function failed to answer; retry later\"}")
                    .set("headers", JSON.createObjectNode().put("Content-Type", "application/problem+json")
                            .put("Retry-After", "1"));
        }
        Map<String, String> responseHeaders = new TreeMap<>();
        answer.path("headers").properties().forEach(e -> responseHeaders.put(e.getKey(), e.getValue().asText()));
        Map<String, String> sent = new TreeMap<>();
        headers.forEach((name, values) -> sent.put(name, String.join(", ", values)));
        return new Exchange(method, basePath + pathAndQuery, sent, body, answer.path("statusCode").asInt(),
                responseHeaders, answer.path("body").isNull() ? "" : answer.path("body").asText());
    }

    // tag::invoker[]
    /** Passes any event JSON to the handler, as Lambda's runtime would. */
    public JsonNode invoke(JsonNode event) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), output,
                    new LocalContext(remainingMillis));
            return JSON.readTree(output.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
    // end::invoker[]

    /** The REST API proxy event (payload format 1.0) that API Gateway sends for a request. */
    public static ObjectNode apiGatewayEvent(String method, String pathAndQuery, Map<String, String> headers,
                                             String body) {
        return apiGatewayEvent(method, pathAndQuery, multi(headers), body, "");
    }

    private static Map<String, List<String>> multi(Map<String, String> headers) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return multi;
    }

    /**
     * As API Gateway sends it: a repeated header or parameter has its last value in
     * {@code headers} / {@code queryStringParameters} and all of them in the multi-value
     * fields; {@code requestContext.path} is the path the client called, base path included.
     */
    public static ObjectNode apiGatewayEvent(String method, String pathAndQuery, Map<String, List<String>> headers,
                                             String body, String basePath) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        ObjectNode event = JSON.createObjectNode();
        event.put("resource", "/{proxy+}");
        event.put("path", path);
        event.put("httpMethod", method);
        ObjectNode headerNode = event.putObject("headers");
        ObjectNode multiHeaders = event.putObject("multiValueHeaders");
        headers.forEach((name, values) -> {
            headerNode.put(name, values.getLast());
            values.forEach(multiHeaders.putArray(name)::add);
        });
        if (question < 0) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode query = event.putObject("queryStringParameters");
            ObjectNode multiQuery = event.putObject("multiValueQueryStringParameters");
            for (String pair : pathAndQuery.substring(question + 1).split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.put(name, value);
                multiQuery.withArrayProperty(name).add(value);
            }
        }
        event.putObject("pathParameters").put("proxy", path.substring(1));
        event.putNull("stageVariables");
        Instant now = Instant.now();
        ObjectNode context = event.putObject("requestContext");
        context.put("resourcePath", "/{proxy+}");
        context.put("httpMethod", method);
        context.put("path", basePath + path);
        context.put("stage", basePath.isEmpty() ? "local" : basePath.substring(1));
        context.put("protocol", "HTTP/1.1");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("requestTime", REQUEST_TIME.format(now));
        context.put("requestTimeEpoch", now.toEpochMilli());
        context.putObject("identity").put("sourceIp", "127.0.0.1");
        if (body == null) {
            event.putNull("body");
        } else {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event;
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The invocation context Lambda hands to a handler, for one invocation on this machine. */
    static final class LocalContext implements Context {
        private final String requestId = UUID.randomUUID().toString();
        private final long deadline;

        LocalContext(int remainingMillis) {
            this.deadline = System.currentTimeMillis() + remainingMillis;
        }

        @Override public String getAwsRequestId() { return requestId; }
        @Override public String getLogGroupName() { return "/aws/lambda/cqrs-workbook"; }
        @Override public String getLogStreamName() { return "local"; }
        @Override public String getFunctionName() { return "cqrs-workbook"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:cqrs-workbook";
        }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() {
            return (int) Math.max(0, deadline - System.currentTimeMillis());
        }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.out.print(message); }
                @Override public void log(byte[] message) { System.out.print(new String(message, StandardCharsets.UTF_8)); }
            };
        }
    }
}
