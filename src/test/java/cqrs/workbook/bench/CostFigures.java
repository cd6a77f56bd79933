package cqrs.workbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cost chapter's figures as AsciiDoc (cost-figures.adoc): requests and request units per
 * command and role, USD per command and per million of the mix, the prices with their
 * sources, and the last {@code make load}'s figures (merged from target/load/load.json).
 */
final class CostFigures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CostFigures() {}

    private static String open(String name) {
        return "// tag" + "::" + name + "[]\n";
    }

    private static String close(String name) {
        return "// end" + "::" + name + "[]\n";
    }

    /** Merges the last make load's report into the results, if there is one. */
    static void mergeLoad(ObjectNode results, Path loadJson) throws IOException {
        Path previous = Path.of("docs/bench/results.json");
        JsonNode load;
        if (Files.exists(loadJson)) {
            load = JSON.readTree(loadJson.toFile());
        } else if (Files.exists(previous) && JSON.readTree(previous.toFile()).has("load")) {
            load = JSON.readTree(previous.toFile()).path("load"); // no new make load since: the guide keeps the last
        } else {
            return;
        }
        results.set("load", load);
        for (String key : List.of("load.sustainedPerSecond", "load.answerP99Ms", "load.lagP99Ms", "hotStream.commandsPerSecond")) {
            results.put(key, load.path(key).asDouble());
        }
    }

    /** Writes cost-figures.adoc (and copies load.svg) into {@code dir}; answers the files written. */
    static List<String> write(JsonNode results, Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        if (results.path("commandCounts").isMissingNode()) {
            return files;
        }
        Files.writeString(dir.resolve("cost-figures.adoc"), asciidoc(results));
        files.add("cost-figures.adoc");
        Path svg = Path.of("target/load/load.svg");
        if (Files.exists(svg) && Files.exists(Path.of("target/load/load.json")) && results.has("load")) {
            Files.copy(svg, dir.resolve("load.svg"), StandardCopyOption.REPLACE_EXISTING);
            files.add("load.svg");
        }
        return files;
    }

    static String asciidoc(JsonNode r) {
        StringBuilder a = new StringBuilder("// Written by make bench (cqrs.workbook.bench.CostFigures); do not edit.\n");
        JsonNode counts = r.path("commandCounts");
        JsonNode cost = r.path("cost");
        a.append(open("requests"));
        a.append(".What one command sets going, counted at the SDK boundary (attempts; every role of the function; request units as DynamoDB bills them)\n");
        a.append("[cols=\"3,1,1,1,1,1,1,1\",options=\"header\"]\n|===\n"
                + "| Command | Requests, outbox | WRU | RRU | Lambda invocations | Requests, compensation | WRU | RRU\n");
        counts.path("outbox").properties().forEach(e -> {
            JsonNode o = e.getValue();
            JsonNode c = counts.path("compensation").path(e.getKey());
            a.append(String.format(Locale.ROOT, "| `%s`: %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f%n", e.getKey(),
                    o.path("label").asText(), CommandCost.functionRequests(o), CommandCost.total(o, CostCounter.WRITE_UNITS),
                    CommandCost.total(o, CostCounter.READ_UNITS), CommandCost.total(o, "lambda.invocations"),
                    CommandCost.functionRequests(c), CommandCost.total(c, CostCounter.WRITE_UNITS),
                    CommandCost.total(c, CostCounter.READ_UNITS)));
        });
        a.append("|===\n" + close("requests") + "\n");

        a.append(open("roles"));
        a.append(".Per event, for each role after the command (outbox; over every command above)\n");
        a.append("[cols=\"2,1,1,1\",options=\"header\"]\n|===\n| Role | Requests per event | WRU | RRU\n");
        for (String key : List.of("relayedEvent", "projectedEvent", "reactionToEvent")) {
            a.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f%n", switch (key) {
                        case "relayedEvent" -> "relay: a stored event published";
                        case "projectedEvent" -> "projection: an event into its view";
                        default -> "event handler: an event read (most need nothing done)";
                    }, r.path("requestsPerCommand").path(key).asDouble(),
                    r.path("capacityUnitsPerCommand").path(key).path("writeUnits").asDouble(),
                    r.path("capacityUnitsPerCommand").path(key).path("readUnits").asDouble()));
        }
        a.append("|===\n" + close("roles") + "\n");

        a.append(open("by-operation"));
        a.append(".Requests by role and operation, per command (outbox)\n");
        a.append("[cols=\"2,5\",options=\"header\"]\n|===\n| Command | Role: operation × count\n");
        counts.path("outbox").properties().forEach(e -> {
            List<String> parts = new ArrayList<>();
            for (String role : CommandCost.ROLES) {
                List<String> ops = new ArrayList<>();
                e.getValue().path(role).properties().forEach(m -> {
                    if (m.getKey().startsWith(CostCounter.REQUESTS) && !m.getKey().endsWith("(empty)")) {
                        ops.add(String.format(Locale.ROOT, "%s × %.2f", m.getKey().substring(CostCounter.REQUESTS.length()), m.getValue().asDouble()));
                    }
                });
                if (!ops.isEmpty()) {
                    parts.add(role + ": " + String.join(", ", ops));
                }
            }
            a.append("| `").append(e.getKey()).append("` | ").append(String.join(" +\n", parts)).append('\n');
        });
        a.append("|===\n" + close("by-operation") + "\n");

        a.append(open("usd-per-command"));
        a.append(String.format(Locale.ROOT, ".USD per million commands of each kind (outbox), at %s list prices of %s\n",
                cost.path("prices").path("region").asText(), cost.path("prices").path("asOf").asText()));
        List<String> services = new ArrayList<>();
        cost.path("outbox").path("perMillionOfMixUsd").properties().forEach(e -> services.add(e.getKey()));
        a.append("[cols=\"2").append(",1".repeat(services.size())).append("\",options=\"header\"]\n|===\n| Command");
        services.forEach(s -> a.append(" | ").append(s));
        a.append('\n');
        cost.path("outbox").path("perCommandUsd").properties().forEach(e -> {
            a.append("| `").append(e.getKey()).append('`');
            // Cents where they matter: eleven columns leave no room for 40000.00 on an A4 line.
            services.forEach(s -> {
                double usd = e.getValue().path(s).asDouble() * 1e6;
                a.append(String.format(Locale.ROOT, usd >= 1000 ? " | %.0f" : " | %.2f", usd));
            });
            a.append('\n');
        });
        a.append("|===\n" + close("usd-per-command") + "\n");

        a.append(open("usd-mix"));
        a.append(String.format(Locale.ROOT, ".USD per million commands of the mix `%s`%n", cost.path("mix").asText()));
        a.append("[cols=\"2,1,1\",options=\"header\"]\n|===\n| Service | Outbox | Compensation\n");
        services.forEach(s -> a.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f%n", s,
                cost.path("outbox").path("perMillionOfMixUsd").path(s).asDouble(),
                cost.path("compensation").path("perMillionOfMixUsd").path(s).asDouble())));
        a.append("|===\n");
        a.append(String.format(Locale.ROOT, "%nA million commands of this mix: *USD %.2f* under the outbox (USD %.2f of it for SMS; "
                        + "*USD %.2f* without), USD %.2f under compensation.%n",
                r.path("costPerMillionCommandsUsd").asDouble(),
                cost.path("outbox").path("perMillionOfMixUsd").path("SMS").asDouble(),
                r.path("costPerMillionCommandsUsd.withoutSms").asDouble(), r.path("costPerMillionCommandsUsd.compensation").asDouble()));
        a.append(close("usd-mix") + "\n");

        a.append(open("prices"));
        JsonNode p = cost.path("prices");
        a.append(String.format(Locale.ROOT, ".The prices (%s, %s, %s; src/test/resources/cqrs/workbook/bench/prices.json)%n",
                p.path("region").asText(), p.path("currency").asText(), p.path("asOf").asText()));
        a.append("[cols=\"3,1,3\",options=\"header\"]\n|===\n| Unit | USD | Source\n");
        for (Map.Entry<String, JsonNode> e : p.path("prices").properties()) {
            JsonNode price = e.getValue();
            a.append(String.format(Locale.ROOT, "| %s%s | %s per %,d | %s%n", price.path("unit").asText(),
                    price.path("estimate").asBoolean() ? " (estimate)" : "", price.path("usd").asText(), price.path("per").asLong(),
                    price.path("source").asText()));
        }
        a.append("|===\n\n").append(p.path("about").asText()).append('\n');
        a.append(close("prices") + "\n");

        JsonNode capacity = r.path("capacity");
        JsonNode use = capacity.path("perCommandOfMix");
        a.append(open("capacity-many"));
        a.append(String.format(Locale.ROOT, ".Many streams: the commands per second of the mix at which each quota binds (quotas of %s; "
                + "a command of the mix publishes %.2f events, texts %.2f times, writes %.2f units to the events table and %.2f to the views table (views and text budgets), "
                + "and keeps the function busy %.3f s, an emulator figure)%n", capacity.path("quotas").path("asOf").asText(),
                use.path("eventsPublished").asDouble(), use.path("texts").asDouble(), use.path("eventsTableWriteUnits").asDouble(),
                use.path("viewsTableWriteUnits").asDouble(), use.path("lambdaBusySeconds").asDouble()));
        a.append("[cols=\"3,1,3,2,2\",options=\"header\"]\n|===\n| Quota | Binds at, commands/s | The documented way past it | In the template | Source\n");
        for (JsonNode row : capacity.path("manyStreams")) {
            a.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s | %s%n", row.path("what").asText(),
                    row.path("commandsPerSecond").asDouble(), row.path("past").asText(), row.path("exposed").asText(),
                    row.path("source").asText()));
        }
        a.append("|===\n" + close("capacity-many") + "\n");
        a.append(open("capacity-hot"));
        a.append(".One hot stream: what each limit lets through (latencies assumed, see the text)\n");
        a.append("[cols=\"4,1\",options=\"header\"]\n|===\n| Limit | Commands/s\n");
        for (JsonNode row : capacity.path("hotStream")) {
            a.append(String.format(Locale.ROOT, "| %s | %,.0f%n", row.path("limit").asText(), row.path("commandsPerSecond").asDouble()));
        }
        if (r.has("hotStream.commandsPerSecond")) {
            a.append(String.format(Locale.ROOT, "| measured by make load on the emulator (%d writers), see below | %.1f%n",
                    r.path("load").path("hot").path("writers").asInt(), r.path("hotStream.commandsPerSecond").asDouble()));
        }
        a.append("|===\n" + close("capacity-hot") + "\n");

        JsonNode load = r.path("load");
        a.append(open("load"));
        if (load.isMissingNode()) {
            a.append("No `make load` figures yet: run `make run` and `make load`, then `make bench`.\n");
        } else {
            a.append(String.format(Locale.ROOT, ".make load, many streams (%s; %s, %d cores shared)%n", load.path("figures").asText(),
                    load.path("date").asText(), load.path("cores").asInt()));
            a.append("[cols=\"1,1,1,1,1,1,1,1\",options=\"header\"]\n|===\n"
                    + "| Target /s | Achieved /s | Commands | Errors | Answer p50 ms | p99 ms | Lag p50 ms | Lag p99 ms (samples)\n");
            for (JsonNode s : load.path("many").path("steps")) {
                a.append(String.format(Locale.ROOT, "| %d | %.1f | %d | %d | %.1f | %.1f | %.1f | %.1f (%d%s)%n",
                        s.path("targetPerSecond").asInt(), s.path("achievedPerSecond").asDouble(), s.path("commands").asInt(),
                        s.path("errors").asInt(), s.path("answerP50Ms").asDouble(), s.path("answerP99Ms").asDouble(),
                        s.path("lagP50Ms").asDouble(), s.path("lagP99Ms").asDouble(), s.path("lagSamples").asInt(),
                        s.path("lagTimeouts").asInt() == 0 ? "" : "; " + s.path("lagTimeouts").asInt() + " not in their view within 30 s"));
            }
            a.append("|===\n");
            JsonNode hot = load.path("hot");
            JsonNode single = load.path("hotSingleWriter");
            a.append(String.format(Locale.ROOT, "%nSustained (rate met, no error, every sampled event in its view): *%.1f commands/s*, "
                            + "answer p99 %.0f ms, projection lag p99 %.0f ms. One hot stream, %d writers: *%.1f accepted commands/s* "
                            + "(%d accepted, %d answered 409 after re-deciding, answer p50 %.0f ms, p99 %.0f ms); "
                            + "one writer alone: %.1f commands/s (answer p50 %.0f ms).%n",
                    load.path("load.sustainedPerSecond").asDouble(), load.path("load.answerP99Ms").asDouble(),
                    load.path("load.lagP99Ms").asDouble(), hot.path("writers").asInt(), hot.path("commandsPerSecond").asDouble(),
                    hot.path("accepted").asLong(), hot.path("conflicts409").asLong(), hot.path("answerP50Ms").asDouble(),
                    hot.path("answerP99Ms").asDouble(), single.path("commandsPerSecond").asDouble(),
                    single.path("answerP50Ms").asDouble()));
        }
        a.append(close("load"));
        return TableColumns.fit(a.toString());
    }
}
