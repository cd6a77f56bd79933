package cqrs.workbook.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The answers given under an {@code Idempotency-Key}, one item each in the views table
 * ({@code idempotency#<hash of caller and key>}: no phone number in a key), removed by the
 * table's time to live once {@code expiresAt} has passed. An item is first a claim (the
 * request is being handled), then the answer.
 */
public final class IdempotencyStore {

    /** What is kept under a key: the request's fingerprint, and the answer once there is one. */
    public record Entry(String fingerprint, Optional<HttpResponse> answer, Instant expiresAt) {}

    private final DynamoDbClient dynamo;
    private final String table;

    public IdempotencyStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public Optional<Entry> get(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(id)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Optional<HttpResponse> answer = Optional.empty();
        if (item.containsKey("status")) {
            Map<String, String> headers = new LinkedHashMap<>();
            try {
                ((ObjectNode) Json.PUBLIC.readTree(item.get("headers").s())).properties()
                        .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an idempotency record that is not JSON", e);
            }
            answer = Optional.of(new HttpResponse(Integer.parseInt(item.get("status").n()), headers,
                    item.containsKey("body") ? item.get("body").s() : ""));
        }
        return Optional.of(new Entry(item.get("fingerprint").s(), answer,
                Instant.ofEpochSecond(Long.parseLong(item.get("expiresAt").n()))));
    }

    /** Claims the key for a request; false when another live claim or answer holds it. */
    public boolean claim(String id, String fingerprint, Instant now, Instant expiresAt) {
        try {
            dynamo.putItem(p -> p.tableName(table).item(Map.of(
                            "id", AttributeValue.fromS(id),
                            "fingerprint", AttributeValue.fromS(fingerprint),
                            "expiresAt", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond()))))
                    .conditionExpression("attribute_not_exists(id) OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))));
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        }
    }

    /** Keeps the answer under the claimed key. */
    public void answer(String id, String fingerprint, Instant expiresAt, HttpResponse answer) {
        ObjectNode headers = Json.PUBLIC.createObjectNode();
        answer.headers().forEach(headers::put);
        Map<String, AttributeValue> item = new LinkedHashMap<>(Map.of(
                "id", AttributeValue.fromS(id),
                "fingerprint", AttributeValue.fromS(fingerprint),
                "expiresAt", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())),
                "status", AttributeValue.fromN(Integer.toString(answer.status())),
                "headers", AttributeValue.fromS(headers.toString())));
        if (answer.body() != null && !answer.body().isEmpty()) {
            item.put("body", AttributeValue.fromS(answer.body()));
        }
        dynamo.putItem(p -> p.tableName(table).item(item));
    }

    /** Lets the key go: the request ended without an answer to keep (a 5xx). */
    public void release(String id) {
        dynamo.deleteItem(d -> d.tableName(table).key(Map.of("id", AttributeValue.fromS(id))));
    }
}
