package cqrs.workbook.reaction;

import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The event handler's own index: which orgs gave a phone as their contact. It lives in the
 * views table under {@code contacts#<phone>} keys, but it is no view: no query reads it.
 */
public final class ContactsIndex {

    private final DynamoDbClient dynamo;
    private final String table;

    public ContactsIndex(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Remembers that {@code orgId} gave {@code phone}; remembering twice is the same as once. */
    public void add(String phone, String orgId) {
        dynamo.updateItem(update -> update.tableName(table)
                .key(key(phone))
                .updateExpression("ADD members :member")
                .expressionAttributeValues(Map.of(":member", AttributeValue.fromSs(List.of(orgId)))));
    }

    public Set<String> orgsOf(String phone) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table)
                .key(key(phone)).consistentRead(true)).item();
        if (item == null || !item.containsKey("members")) {
            return Set.of();
        }
        return Set.copyOf(item.get("members").ss());
    }

    private static Map<String, AttributeValue> key(String phone) {
        return Map.of("id", AttributeValue.fromS("contacts#" + phone));
    }
}
