package cqrs.workbook.scenarios;

import cqrs.workbook.aggregate.Aggregates;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.emulator.LambdaInvoker.Exchange;
import cqrs.workbook.eventstore.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** The JSON documents attached to each scenario for the guide; their names are fixed. */
final class Captures {

    static final String EXCHANGES = "exchanges.json";
    static final String EVENTS = "events.json";
    static final String PUBLISHED = "published.json";
    static final String VIEWS = "views.json";
    static final String BACKEND = "backend.txt";

    private final World world;

    Captures(World world) {
        this.world = world;
    }

    byte[] exchanges() {
        ArrayNode all = World.JSON.createArrayNode();
        List<World.Recorded> recorded;
        synchronized (world.exchanges) {
            recorded = List.copyOf(world.recorded);
        }
        for (World.Recorded one : recorded) {
            Exchange exchange = one.exchange();
            ObjectNode json = all.addObject();
            json.put("step", one.step());
            json.put("method", exchange.method()).put("path", exchange.path());
            Map<String, String> requestHeaders = new LinkedHashMap<>();
            exchange.requestHeaders().forEach((name, value) -> requestHeaders.put(name, shortTokens(value)));
            json.set("requestHeaders", World.JSON.valueToTree(requestHeaders));
            json.put("requestBody", exchange.requestBody());
            json.put("status", exchange.status());
            json.set("headers", World.JSON.valueToTree(exchange.headers()));
            json.put("body", shortTokens(exchange.body()));
        }
        return bytes(all);
    }

    private static final Pattern JWS =
            Pattern.compile("(eyJ[\\w-]{12})[\\w-]*\\.(eyJ[\\w-]{12})[\\w-]*\\.([\\w-]{0,8})[\\w-]*");

    /** A token is some 500 characters of base64: the guide shows the start of each part. */
    private static String shortTokens(String text) {
        return text == null ? null : JWS.matcher(text).replaceAll("$1….$2….$3…");
    }

    /** Every stream of the scenario, in the form subscribers see: the hash of a code is not shown. */
    byte[] events() {
        ArrayNode all = World.JSON.createArrayNode();
        world.env.aws.dynamo().scanPaginator(s -> s.tableName(world.env.resources.eventsTable).consistentRead(true))
                .items().stream()
                .sorted(Comparator.comparing((Map<String, AttributeValue> i) -> i.get("stream").s())
                        .thenComparing(i -> Long.parseLong(i.get("version").n())))
                .forEach(item -> {
                    StoredEvent stored = new StoredEvent(item.get("stream").s(), Long.parseLong(item.get("version").n()),
                            item.get("eventId").s(), item.get("type").s(), item.get("payload").s(),
                            Instant.parse(item.get("recordedAt").s()));
                    ObjectNode json = all.addObject().put("stream", stored.stream()).put("version", stored.version())
                            .put("type", stored.type());
                    try {
                        json.set("payload", Aggregates.publicForm(stored).payload());
                    } catch (RuntimeException undecodable) {
                        json.put("note", "cannot be decoded: " + undecodable.getClass().getSimpleName());
                        return;
                    }
                    if (World.json(stored.payload()).has("codeHash")) {
                        json.put("note", "stored with codeHash, the HMAC of the code (not shown)");
                    }
                });
        return bytes(all);
    }

    byte[] published() {
        ArrayNode all = World.JSON.createArrayNode();
        List<Message> messages = world.published(0);
        for (Message message : messages) {
            ObjectNode json = all.addObject();
            json.put("group", message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
            json.put("deduplicationId", message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID));
            JsonNode body;
            try {
                body = World.json(message.body());
            } catch (RuntimeException notJson) {
                body = World.JSON.getNodeFactory().textNode(message.body());
            }
            json.set("body", body);
        }
        return bytes(all);
    }

    byte[] views() {
        ArrayNode all = World.JSON.createArrayNode();
        world.env.aws.dynamo().scanPaginator(s -> s.tableName(world.env.resources.viewsTable).consistentRead(true))
                .items().stream()
                .sorted(Comparator.comparing((Map<String, AttributeValue> i) -> i.get("id").s()))
                .forEach(item -> {
                    ObjectNode json = all.addObject().put("id", item.get("id").s());
                    if (item.containsKey("document")) {
                        json.put("version", Long.parseLong(item.get("version").n()));
                        json.set("document", World.json(item.get("document").s()));
                    } else if (item.containsKey("members")) {
                        json.set("members", World.JSON.valueToTree(item.get("members").ss()));
                    }
                });
        return bytes(all);
    }

    /** Which AWS the run talked to, as the harness printed it at the start. */
    byte[] backend() {
        return (world.env.backend.name() + " (" + world.env.backend + ")").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonNode json) {
        return json.toPrettyString().getBytes(StandardCharsets.UTF_8);
    }
}
