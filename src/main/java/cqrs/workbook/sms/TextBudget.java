package cqrs.workbook.sms;

import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.log.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * How many texts a phone may receive, whatever they are for: {@value #TEXTS_PER_DAY} in any
 * 24 hours. One item per phone ({@code texts#+6591234567}, in the views table, read by no
 * query) holds a slot per code, keyed by the code's otpId, and whether its text went out.
 * Every change is a put on condition that the item is still the one read (its {@code v}), so
 * two requests at once cannot both take the last slot: the budget holds exactly, which a
 * view, written later and by someone else, could not.
 *
 * <p>Keyed by otpId, taking a slot is idempotent: a redelivered event that asks for the same
 * code takes no second slot, and finds out whether the text went out already.
 */
public final class TextBudget {

    public static final int TEXTS_PER_DAY = 10;
    public static final Duration WINDOW = Duration.ofHours(24);
    private static final int ATTEMPTS = 5;

    /** A slot: when it was taken, and whether the text went out. */
    private record Slot(Instant at, boolean texted) {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public TextBudget(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /**
     * Takes a slot for the code {@code otpId}, unless the phone had its texts for the day.
     *
     * @return empty when the slot is taken (or was already), else how long until one is free
     */
    // tag::text-budget[]
    public Optional<Duration> take(PhoneNumber phone, String otpId) {
        return change(phone, slots -> {
            if (slots.containsKey(otpId)) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            if (slots.size() >= TEXTS_PER_DAY) {
                Instant oldest = slots.values().stream().map(Slot::at)
                        .min(Comparator.naturalOrder()).orElseThrow();
                return Optional.of(Duration.between(now, oldest.plus(WINDOW)));
            }
            slots.put(otpId, new Slot(now, false));
            return Optional.empty();
        });
    }
    // end::text-budget[]


    /** Gives a slot back: its code was refused, so no text will go out for it. */
    public void giveBack(PhoneNumber phone, String otpId) {
        change(phone, slots -> {
            slots.remove(otpId);
            return Optional.empty();
        });
    }

    /** True when the text of code {@code otpId} went out. */
    public boolean texted(PhoneNumber phone, String otpId) {
        Slot slot = read(phone).slots().get(otpId);
        return slot != null && slot.texted();
    }

    /** Records that the text of code {@code otpId} went out. */
    public void markTexted(PhoneNumber phone, String otpId) {
        change(phone, slots -> {
            Slot slot = slots.get(otpId);
            slots.put(otpId, new Slot(slot == null ? clock.instant() : slot.at(), true));
            return Optional.empty();
        });
    }

    private record Item(long version, Map<String, Slot> slots) {}

    /** Read, change in memory, put on condition that nobody wrote in between; again if somebody did. */
    private <T> T change(PhoneNumber phone, java.util.function.Function<Map<String, Slot>, T> change) {
        for (int attempt = 1; ; attempt++) {
            Item item = read(phone);
            Map<String, Slot> slots = item.slots();
            T result = change.apply(slots);
            Map<String, AttributeValue> stored = new HashMap<>();
            slots.forEach((otpId, slot) -> stored.put(otpId, AttributeValue.fromM(Map.of(
                    "at", AttributeValue.fromN(Long.toString(slot.at().getEpochSecond())),
                    "texted", AttributeValue.fromBool(slot.texted())))));
            try {
                dynamo.putItem(put -> put.tableName(table)
                        .item(Map.of("id", key(phone),
                                "v", AttributeValue.fromN(Long.toString(item.version() + 1)),
                                "slots", AttributeValue.fromM(stored)))
                        .conditionExpression("attribute_not_exists(id) OR v = :v")
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(item.version())))));
                return result;
            } catch (ConditionalCheckFailedException anotherWriter) {
                if (attempt == ATTEMPTS) {
                    throw anotherWriter;
                }
                Log.at("sms").info("the text budget of " + phone + " changed meanwhile, attempt " + attempt);
            }
        }
    }

    /** The phone's slots of the last 24 hours; older ones are dropped at the next write. */
    private Item read(PhoneNumber phone) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table)
                .key(Map.of("id", key(phone))).consistentRead(true)).item();
        if (item == null || !item.containsKey("v")) {
            return new Item(0, new HashMap<>());
        }
        Instant since = clock.instant().minus(WINDOW);
        Map<String, Slot> slots = new HashMap<>();
        item.get("slots").m().forEach((otpId, value) -> {
            Slot slot = new Slot(Instant.ofEpochSecond(Long.parseLong(value.m().get("at").n())),
                    value.m().get("texted").bool());
            if (slot.at().isAfter(since)) {
                slots.put(otpId, slot);
            }
        });
        return new Item(Long.parseLong(item.get("v").n()), slots);
    }

    /** The id of a phone's budget item in the views table. */
    public static String itemId(PhoneNumber phone) {
        return "texts#" + phone.value();
    }

    private static AttributeValue key(PhoneNumber phone) {
        return AttributeValue.fromS(itemId(phone));
    }
}
