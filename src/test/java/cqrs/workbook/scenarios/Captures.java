package cqrs.workbook.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.emulator.LambdaInvoker.Exchange;
import cqrs.workbook.projection.Views;
import cqrs.workbook.sms.TextBudget;
import cqrs.workbook.kernel.PhoneNumber;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    static final String SETUP = "setup.json";

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
            if (one.setupSignIn() != null) {
                json.put("setup", "signed in " + one.setupSignIn());
            }
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

    /**
     * Every item of the events table, as the table holds it: each attribute under its own
     * name, the payload (a JSON string in the table) shown parsed. Only the HMAC of a code is
     * replaced by a marker: the guide shows that it is there, never what it is.
     */
    byte[] events() {
        ArrayNode all = World.JSON.createArrayNode();
        world.env.aws.dynamo().scanPaginator(s -> s.tableName(world.env.resources.eventsTable).consistentRead(true))
                .items().stream()
                .sorted(Comparator.comparing((Map<String, AttributeValue> i) -> i.get("stream").s())
                        .thenComparing(i -> Long.parseLong(i.get("version").n())))
                .forEach(item -> {
                    ObjectNode json = all.addObject();
                    List<String> names = new ArrayList<>(List.of("stream", "version", "eventId", "type", "recordedAt"));
                    item.keySet().stream().filter(name -> !names.contains(name) && !name.equals("payload"))
                            .sorted().forEach(names::add);
                    names.add("payload");
                    names.stream().filter(item::containsKey).forEach(name -> json.set(name, value(item.get(name))));
                    if (item.containsKey("payload")) {
                        JsonNode payload;
                        try {
                            payload = World.json(item.get("payload").s());
                        } catch (RuntimeException notJson) {
                            return; // stored as it is: a string that is no JSON (an undecodable event)
                        }
                        json.set("payload", withoutHmacs(payload));
                    }
                });
        return bytes(all);
    }

    static final String HMAC_MARKER = "(HMAC of the code, not shown)";
    private static final Pattern HEX_HMAC = Pattern.compile("[0-9a-fA-F]{64}");

    /** The payload with every code hash's HMAC replaced by the marker, wherever it sits. */
    static JsonNode withoutHmacs(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(field -> {
                JsonNode value = field.getValue();
                boolean hashField = field.getKey().equals("hmac") || field.getKey().toLowerCase().contains("codehash");
                if (value.isTextual() && (hashField || HEX_HMAC.matcher(value.asText()).matches())) {
                    object.put(field.getKey(), HMAC_MARKER);
                } else if (hashField && value.isArray()) {
                    ArrayNode hidden = World.JSON.createArrayNode();
                    value.forEach(hash -> hidden.add(hash.isTextual() ? World.JSON.getNodeFactory().textNode(HMAC_MARKER)
                            : withoutHmacs(hash)));
                    object.set(field.getKey(), hidden);
                } else {
                    withoutHmacs(value);
                }
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual() && HEX_HMAC.matcher(array.get(i).asText()).matches()) {
                    array.set(i, HMAC_MARKER);
                } else {
                    withoutHmacs(array.get(i));
                }
            }
        }
        return node;
    }

    /** An attribute as JSON: a string as a string, a number as a number. */
    private static JsonNode value(AttributeValue value) {
        var nodes = World.JSON.getNodeFactory();
        if (value.s() != null) {
            return nodes.textNode(value.s());
        }
        if (value.n() != null) {
            return value.n().matches("-?[0-9]{1,18}") ? nodes.numberNode(Long.parseLong(value.n()))
                    : nodes.numberNode(new java.math.BigDecimal(value.n()));
        }
        if (value.bool() != null) {
            return nodes.booleanNode(value.bool());
        }
        return nodes.textNode(value.toString());
    }

    /**
     * The sign-ins that only prepared the scenario: for each, the phone, the step, the events
     * it stored, and the items it wrote to the views table (its code's view, the phone's text
     * budget). The guide counts them apart and folds them.
     */
    byte[] setup() {
        ArrayNode all = World.JSON.createArrayNode();
        List<World.SignIn> signIns;
        synchronized (world.signIns) {
            signIns = List.copyOf(world.signIns);
        }
        for (World.SignIn signIn : signIns) {
            ObjectNode json = all.addObject().put("signedIn", signIn.phone()).put("step", signIn.step())
                    .put("wholeStep", signIn.wholeStep());
            json.set("eventIds", World.JSON.valueToTree(signIn.eventIds()));
            json.set("viewIds", World.JSON.valueToTree(List.of(Views.otpCodeKey(signIn.otpId()),
                    TextBudget.itemId(PhoneNumber.recorded(signIn.phone())))));
        }
        return bytes(all);
    }

    byte[] published() {
        ArrayNode all = World.JSON.createArrayNode();
        world.published(0);
        List<Message> messages;
        synchronized (world.allPublished) {
            messages = List.copyOf(world.allPublished);
        }
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
