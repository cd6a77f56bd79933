package cqrs.workbook.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.json.Json;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The read store: one DynamoDB item per view, keyed by {@code id} ({@code org#<uuid>},
 * {@code otp#<phone>}), holding the document that a query returns as it is. No joins: a
 * query reads exactly one item.
 */
public final class ViewStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public ViewStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public Optional<View> get(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table)
                .key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).item();
        if (item == null || item.isEmpty() || !item.containsKey("document")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new View(id, Long.parseLong(item.get("version").n()),
                    item.containsKey("eventId") ? item.get("eventId").s() : "",
                    (ObjectNode) Json.PUBLIC.readTree(item.get("document").s())));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a view unless the stored one is newer, or shows this very event already. A
     * redelivered or late event therefore changes nothing, whatever order the writes happen
     * in; a view of the same version from another event (one that replaced a deleted event)
     * is overwritten.
     *
     * @return false when a view at a later version, or of this event, was there already
     */
    // tag::conditional-put[]
    public boolean put(View view) {
        try {
            dynamo.putItem(put -> put.tableName(table)
                    .item(item(view))
                    .conditionExpression("attribute_not_exists(id) OR version < :version"
                            + " OR (version = :version"
                            + " AND (attribute_not_exists(eventId) OR eventId <> :eventId))")
                    .expressionAttributeValues(Map.of(
                            ":version", AttributeValue.fromN(Long.toString(view.version())),
                            ":eventId", AttributeValue.fromS(view.eventId())))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
            return true;
        } catch (ConditionalCheckFailedException asNewOrNewer) {
            return false;
        }
    }
    // end::conditional-put[]

    /**
     * Writes a view rebuilt from the event store over the stored one, unless the stored one
     * is at a later version: a rebuild repairs a view of the same version too.
     */
    public boolean replace(View view) {
        try {
            dynamo.putItem(put -> put.tableName(table)
                    .item(item(view))
                    .conditionExpression("attribute_not_exists(id) OR version <= :version")
                    .expressionAttributeValues(Map.of(":version", AttributeValue.fromN(Long.toString(view.version())))));
            return true;
        } catch (ConditionalCheckFailedException newer) {
            return false;
        }
    }

    private static Map<String, AttributeValue> item(View view) {
        return Map.of(
                "id", AttributeValue.fromS(view.id()),
                "version", AttributeValue.fromN(Long.toString(view.version())),
                "eventId", AttributeValue.fromS(view.eventId()),
                "document", AttributeValue.fromS(view.document().toString()));
    }
}
