package cqrs.workbook.scenarios;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * What each invocation of the handler did, in the order the invocations started: which role
 * ran (a command or a query over HTTP, the relay, the projection, the event handler), what
 * it was handed, and what its SDK calls did: events appended, views written or read, messages
 * published, texts sent. It watches the handler from outside, at its entry point and at the
 * SDK boundary, so the timeline is what the code did, not what a scenario says it did. The
 * guide draws the event model from it ({@code timeline.json}).
 */
public final class Timeline implements ExecutionInterceptor {

    static final String ATTACHMENT = "timeline.json";

    private final String eventsTable;
    private final String viewsTable;
    private final ThreadLocal<Invocation> current = new ThreadLocal<>();
    private final List<Invocation> invocations = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean recording;

    Timeline(String eventsTable, String viewsTable) {
        this.eventsTable = eventsTable;
        this.viewsTable = viewsTable;
    }

    /** One invocation of the handler and what it wrote. */
    private static final class Invocation {
        final long sequence;
        final String role;
        /** For HTTP, the method and route; empty otherwise. */
        final String route;
        int status;
        /** The events an invocation of the relay or of a queue's consumer was handed. */
        final ArrayNode on = World.JSON.createArrayNode();
        final ArrayNode did = World.JSON.createArrayNode();

        Invocation(long sequence, String role, String route) {
            this.sequence = sequence;
            this.role = role;
            this.route = route;
        }
    }

    /** From now on, invocations are recorded; those of before are forgotten. */
    void start() {
        synchronized (invocations) {
            invocations.clear();
        }
        recording = true;
    }

    void stop() {
        recording = false;
    }

    /** The handler, watched: each invocation is described by the event that Lambda hands it. */
    RequestStreamHandler around(RequestStreamHandler handler) {
        return (input, output, context) -> {
            if (!recording) {
                handler.handleRequest(input, output, context);
                return;
            }
            byte[] event = input.readAllBytes();
            Invocation invocation = describe(event);
            synchronized (invocations) {
                invocations.add(invocation);
            }
            current.set(invocation);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(event), answer, context);
            } finally {
                current.remove();
                byte[] bytes = answer.toByteArray();
                output.write(bytes);
                if (invocation.role.equals("command") || invocation.role.equals("query")) {
                    invocation.status = World.json(new String(bytes, StandardCharsets.UTF_8)).path("statusCode").asInt();
                }
            }
        };
    }

    private Invocation describe(byte[] bytes) throws IOException {
        JsonNode event = World.JSON.readTree(bytes);
        long n = sequence.incrementAndGet();
        if (event.has("httpMethod")) {
            String method = event.path("httpMethod").asText();
            return new Invocation(n, method.equals("GET") ? "query" : "command",
                    method + " " + route(event.path("path").asText()));
        }
        JsonNode first = event.path("Records").path(0);
        boolean stream = first.path("eventSource").asText().equals("aws:dynamodb");
        String queue = first.path("eventSourceARN").asText();
        Invocation invocation = new Invocation(n, stream ? "relay" : queue.contains("reaction") ? "event handler"
                : queue.contains("projection") ? "projection" : queue, "");
        // What the records carry: for the relay the stored item, for a queue the published event.
        event.path("Records").forEach(record -> {
            JsonNode on;
            if (stream) {
                JsonNode image = record.path("dynamodb").path("NewImage");
                on = World.JSON.createObjectNode().put("type", image.path("type").path("S").asText())
                        .put("stream", image.path("stream").path("S").asText())
                        .put("version", image.path("version").path("N").asLong());
            } else {
                JsonNode body = World.json(record.path("body").asText());
                on = body.has("Message") ? World.json(body.path("Message").asText()) : body;
            }
            invocation.on.addObject().put("type", on.path("type").asText("?"))
                    .put("stream", on.path("stream").asText()).put("version", on.path("version").asLong());
        });
        return invocation;
    }

    /** A path as its route: ids become the names the contract gives them. */
    static String route(String path) {
        return path.replaceAll("^/orgs/[^/]+", "/orgs/{id}").replaceAll("^/otp/(?!verify$)[^/]+", "/otp/{otpId}");
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Invocation invocation = current.get();
        if (invocation == null) {
            return;
        }
        if (context.request() instanceof PutItemRequest put) {
            Map<String, AttributeValue> item = put.item();
            if (put.tableName().equals(eventsTable) && item.containsKey("type")) {
                synchronized (invocation.did) {
                    invocation.did.addObject().put("kind", "event").put("type", item.get("type").s())
                            .put("stream", item.get("stream").s()).put("version", Long.parseLong(item.get("version").n()));
                }
            } else if (put.tableName().equals(viewsTable) && item.containsKey("document")) {
                synchronized (invocation.did) {
                    invocation.did.addObject().put("kind", "view").put("id", item.get("id").s())
                            .put("version", Long.parseLong(item.get("version").n()));
                }
            }
        } else if (context.request() instanceof GetItemRequest get && get.tableName().equals(viewsTable)
                && context.response() instanceof GetItemResponse found && found.item().containsKey("document")) {
            // A view, not one of the table's other items (a phone's text budget, an Idempotency-Key's answer).
            synchronized (invocation.did) {
                invocation.did.addObject().put("kind", "read").put("id", get.key().get("id").s());
            }
        } else if (context.request() instanceof PublishRequest publish) {
            synchronized (invocation.did) {
                if (publish.phoneNumber() != null) {
                    invocation.did.addObject().put("kind", "sms").put("phone", publish.phoneNumber());
                } else {
                    JsonNode body = World.json(publish.message());
                    invocation.did.addObject().put("kind", "published").put("type", body.path("type").asText())
                            .put("stream", body.path("stream").asText()).put("version", body.path("version").asLong());
                }
            }
        }
    }

    /** What {@link #tree()} holds, as the attachment's bytes. */
    byte[] json() {
        return tree().toPrettyString().getBytes(StandardCharsets.UTF_8);
    }

    /** Every invocation recorded, in the order they started. */
    ArrayNode tree() {
        ArrayNode all = World.JSON.createArrayNode();
        List<Invocation> copy;
        synchronized (invocations) {
            copy = new ArrayList<>(invocations);
        }
        copy.sort(java.util.Comparator.comparingLong(i -> i.sequence));
        for (Invocation invocation : copy) {
            ObjectNode json = all.addObject().put("role", invocation.role);
            if (!invocation.route.isEmpty()) {
                json.put("route", invocation.route);
            }
            if (invocation.status != 0) {
                json.put("status", invocation.status);
            }
            if (!invocation.on.isEmpty()) {
                json.set("on", invocation.on);
            }
            synchronized (invocation.did) {
                json.set("did", invocation.did.deepCopy());
            }
        }
        return all;
    }
}
