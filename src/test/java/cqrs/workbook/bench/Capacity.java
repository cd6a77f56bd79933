package cqrs.workbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How far one deployment goes: for each quota ({@code quotas.json}, dated, with sources), the
 * commands per second of the mix at which it binds, from what one command of the mix uses
 * (counted by {@link CommandCost}); and for one hot stream, what its optimistic lock lets
 * through against the per-group and per-partition quotas.
 */
final class Capacity {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Capacity() {}

    static JsonNode quotas() {
        try (InputStream in = Capacity.class.getResourceAsStream("quotas.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One measure of one role, averaged over the mix. */
    private static double mixed(JsonNode byCase, Map<String, Double> mix, List<String> roles, String measure) {
        double weights = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        double sum = 0;
        for (Map.Entry<String, Double> c : mix.entrySet()) {
            for (String role : roles) {
                sum += byCase.path(c.getKey()).path(role).path(measure).asDouble() * c.getValue() / weights;
            }
        }
        return sum;
    }

    /** The template throttles each route apart: the mix binds where a route's share of it meets that route's limit. */
    private static double routeThrottle(JsonNode byCase, Map<String, Double> mix, JsonNode throttle) {
        double weights = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> shares = new java.util.HashMap<>();
        mix.forEach((name, weight) -> shares.merge(byCase.path(name).path("route").asText(), weight / weights, Double::sum));
        List<String> smsRoutes = new ArrayList<>();
        throttle.path("smsRoutes").forEach(r -> smsRoutes.add(r.asText()));
        double binds = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Double> route : shares.entrySet()) {
            double limit = smsRoutes.contains(route.getKey()) ? throttle.path("smsRoutesPerSecond").asDouble()
                    : throttle.path("perSecond").asDouble();
            binds = Math.min(binds, limit / route.getValue());
        }
        return binds;
    }

    /**
     * Many streams: a quota of Q per second binds at Q / (what one command of the mix uses of
     * it) commands per second. Lambda's concurrency is a quota of executions at once: by
     * Little's law a command uses the sum of its roles' durations, in seconds, of it.
     */
    static ObjectNode model(JsonNode counts, String mixText) {
        JsonNode quotas = quotas();
        JsonNode q = quotas.path("quotas");
        JsonNode byCase = counts.path("outbox");
        Map<String, Double> mix = Prices.parseMix(mixText);
        List<String> all = CommandCost.ROLES;
        double events = mixed(byCase, mix, all, CostCounter.PUBLISHED);
        double texts = mixed(byCase, mix, all, CostCounter.SMS);
        double eventWrites = mixed(byCase, mix, all, CostCounter.WRITE_UNITS + ".events");
        // and the text budgets beside them
        double viewWrites = mixed(byCase, mix, all, CostCounter.WRITE_UNITS + ".views");
        double busySeconds = mixed(byCase, mix, all, "lambda.billedMs") / 1000;
        ObjectNode model = JSON.createObjectNode();
        model.putObject("perCommandOfMix").put("apiRequests", 1).put("eventsPublished",
                Bench.round(events))
                .put("texts", Bench.round(texts)).put("eventsTableWriteUnits", Bench.round(eventWrites))
                .put("viewsTableWriteUnits", Bench.round(viewWrites)).put("lambdaBusySeconds",
                        Bench.round(busySeconds * 1000) / 1000);
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {"templateStageThrottle",
                routeThrottle(byCase, mix, q.path("templateStageThrottle"))});
        rows.add(new Object[] {"smsPerSender", q.path("smsPerSender").path("perSecond")
                .asDouble() / texts});
        rows.add(new Object[] {"sqsFifoQueue", q.path("sqsFifoQueue").path("perSecond")
                .asDouble() / events});
        // The relay publishes each shard's records one at a time: a
        // shard carries 1000 / publish-ms events a second.
        rows.add(new Object[] {"relayShards", q.path("relayShards").path("shards").asDouble()
                * 1000 / quotas.path("assumedLatencyMs").path("publish").asDouble() / events});
        rows.add(new Object[] {"snsFifoTopic", q.path("snsFifoTopic").path("perSecond")
                .asDouble() / events});
        rows.add(new Object[] {"dynamodbNewTableWrites", q.path("dynamodbNewTableWrites")
                .path("perSecond").asDouble() / Math.max(eventWrites, viewWrites)});
        rows.add(new Object[] {"lambdaConcurrency", q.path("lambdaConcurrency").path("concurrent")
                .asDouble() / busySeconds});
        rows.add(new Object[] {"apiGatewayAccount", q.path("apiGatewayAccount").path("perSecond")
                .asDouble() / 1});
        rows.removeIf(r -> !Double.isFinite((double) r[1])); // a quota the mix does not use at all
        rows.sort(Comparator.comparingDouble(r -> (double) r[1]));
        ArrayNode many = model.putArray("manyStreams");
        for (Object[] row : rows) {
            JsonNode quota = q.path((String) row[0]);
            many.addObject().put("quota", (String) row[0]).put("what", quota.path("what").asText())
                    .put("commandsPerSecond", Bench.round((double) row[1]))
                    .put("past", quota.path("past").asText())
                    .put("exposed", quota.path("exposed").asText())
                    .put("source", quota.path("source").asText());
        }
        // One stream: each accepted command holds the stream from its read to its conditional put.
        JsonNode latency = quotas.path("assumedLatencyMs");
        double window = latency.path("query").asDouble() + latency.path("putItem").asDouble();
        ArrayNode hot = model.putArray("hotStream");
        hot.addObject().put("limit", "the optimistic lock: one read-decide-put at a time, " + window
                + " ms assumed")
                .put("commandsPerSecond", Bench.round(1000 / window));
        hot.addObject().put("limit",
                "one writer waiting for each answer under compensation: read, put, publish, "
                        + (window + latency.path("publish").asDouble()) + " ms assumed")
                .put("commandsPerSecond",
                        Bench.round(1000 / (window + latency.path("publish").asDouble())));
        hot.addObject().put("limit", q.path("snsFifoGroup").path("what").asText())
                .put("commandsPerSecond", q.path("snsFifoGroup").path("perSecond").asDouble());
        hot.addObject().put("limit", q.path("dynamodbPartitionWrites").path("what").asText())
                .put("commandsPerSecond", q.path("dynamodbPartitionWrites").path("perSecond")
                        .asDouble());
        model.put("firstManyStreams", many.get(0).path("quota").asText());
        model.put("firstManyStreamsWithoutTemplateThrottle",
                many.get(0).path("quota").asText().equals("templateStageThrottle")
                        ? many.get(1).path("quota").asText() : many.get(0).path("quota").asText());
        model.set("quotas", quotas);
        return model;
    }
}
