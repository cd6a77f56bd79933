package cqrs.workbook.reaction;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

// tag::contacts-index[]
/**
 * The event handler's own index: which org a contact code was issued for. One item per code
 * the event handler issued, under a {@code contact-code#<otpId>} key in the views table; it
 * is no view, no query reads it. Keyed by the code, not by the phone: a phone verifies an
 * org's contact only with the code issued for that org, and no item grows with the number
 * of orgs that name one phone.
 */
public final class ContactsIndex {

    private final DynamoDbClient dynamo;
    private final String table;

    public ContactsIndex(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * The otpId of the contact code that an event causes: derived from the event's id, so a
     * redelivered or republished event asks for the same code, and a rebuild of this index
     * from the event store finds the same keys.
     */
    public static String otpIdFor(String causingEventId) {
        return java.util.UUID.nameUUIDFromBytes(("otp for " + causingEventId)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** Remembers that code {@code otpId} was issued for {@code orgId}'s contact; twice is the same as once. */
    public void remember(String otpId, String orgId) {
        dynamo.putItem(put -> put.tableName(table).item(Map.of(
                "id", key(otpId), "org", AttributeValue.fromS(orgId))));
    }

    /** The org whose contact code {@code otpId} is; empty for any code the event handler did not issue. */
    public Optional<String> orgOf(String otpId) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table)
                .key(Map.of("id", key(otpId))).consistentRead(true)).item();
        return item == null || !item.containsKey("org") ? Optional.empty() : Optional.of(item.get("org").s());
    }

    private static AttributeValue key(String otpId) {
        return AttributeValue.fromS("contact-code#" + otpId);
    }
}
// end::contacts-index[]
