package cqrs.workbook.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import cqrs.workbook.emulator.LambdaInvoker.Exchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What one scenario has seen so far, shared by its step classes. It talks HTTP to the
 * handler and reads the real tables and queues; steps stay in the domain's words.
 */
public final class World {

    static final ObjectMapper JSON = new ObjectMapper();

    final TestEnvironment env = TestEnvironment.get();
    final List<Exchange> exchanges = new ArrayList<>();
    final List<Message> published = new ArrayList<>();
    Exchange last;
    /** The answer to the latest command (not query) of the scenario. */
    Exchange lastCommand;
    /** When the last command was answered with 2xx, to measure how long its view took. */
    long lastCommandAnsweredNanos;
    String orgId;
    /** The event store as it was before the latest command was sent: stream, version and event id of each item. */
    Set<String> storeBeforeLastCommand = Set.of();

    Exchange send(String method, String path, Map<String, String> headers, String body) {
        if (!method.equals("GET")) {
            storeBeforeLastCommand = storedEvents();
        }
        env.calls.reset();
        last = env.lambda.http(method, path, headers, body);
        exchanges.add(last);
        if (!method.equals("GET")) {
            lastCommand = last;
        }
        if (!method.equals("GET") && last.status() / 100 == 2) {
            lastCommandAnsweredNanos = System.nanoTime();
        }
        return last;
    }

    Exchange sendJson(String method, String path, String body) {
        return send(method, path, Map.of("Content-Type", "application/json"), body);
    }

    /** Waits until both consumers' queues hold no message, waiting or in flight. */
    void awaitQueuesDrained() {
        env.awaitRelay();
        Eventually.poll("the consumers' queues to drain", () ->
                Queues.depth(env.aws.sqs(), env.resources.projectionQueue.url())
                        + Queues.depth(env.aws.sqs(), env.resources.reactionQueue.url()), depth -> depth == 0);
    }

    /** The items of a stream in the event store, oldest first, read through the SDK. */
    List<Map<String, AttributeValue>> stream(String stream) {
        return env.aws.dynamo().queryPaginator(q -> q.tableName(env.resources.eventsTable)
                .consistentRead(true)
                .keyConditionExpression("#s = :s")
                .expressionAttributeNames(Map.of("#s", "stream"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(stream))))
                .items().stream().toList();
    }

    String orgStream() {
        return "org#" + orgId;
    }

    int storedEventCount() {
        return storedEvents().size();
    }

    /** Every item of the event store, as {@code stream vN eventId}. */
    Set<String> storedEvents() {
        return env.aws.dynamo().scanPaginator(s -> s.tableName(env.resources.eventsTable).consistentRead(true))
                .items().stream()
                .map(item -> item.get("stream").s() + " v" + item.get("version").n() + " " + item.get("eventId").s())
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Every message published so far in this scenario, read from the harness's tap. */
    List<Message> published(int waitSeconds) {
        env.awaitRelay();
        published.addAll(env.tap.drain(waitSeconds));
        return published;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> headers(String... nameValue) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            headers.put(nameValue[i], nameValue[i + 1]);
        }
        return headers;
    }
}
