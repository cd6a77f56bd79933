package cqrs.workbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The bench's figures as AsciiDoc tables, for the guide's performance chapter. */
final class Figures {

    private Figures() {}

    /** AsciiDoc tag lines for the chapter's includes, spelt so that the guide's tag check does not take them for the source's own. */
    private static String open(String name) {
        return "// tag" + "::" + name + "[]\n";
    }

    private static String close(String name) {
        return "// end" + "::" + name + "[]\n";
    }

    /** A duration, or "∞" for an event that never arrived (Jackson writes infinity as a string). */
    private static String ms(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.0f", value.asDouble()) : "∞";
    }

    /**
     * Requests by operation, as counted ({@code {"DynamoDb.PutItem": 50, ...}}), in words a
     * table cell can hold: "DynamoDB: PutItem 50, Query 50; SNS: Publish 50".
     */
    static String operations(JsonNode counts) {
        java.util.Map<String, java.util.List<String>> byService = new java.util.LinkedHashMap<>();
        counts.properties().forEach(count -> {
            String[] name = count.getKey().split("\\.", 2);
            String service = switch (name[0]) {
                case "DynamoDb" -> "DynamoDB";
                case "Kms", "Sns", "Sqs", "Ssm" -> name[0].toUpperCase(Locale.ROOT);
                default -> name[0];
            };
            byService.computeIfAbsent(service, s -> new java.util.ArrayList<>())
                    .add((name.length > 1 ? name[1] : "") + " " + count.getValue().asText());
        });
        java.util.List<String> parts = new java.util.ArrayList<>();
        byService.forEach((service, operations) -> parts.add(service + ": " + String.join(", ", operations)));
        return String.join("; ", parts);
    }

    static String asciidoc(JsonNode r) {
        StringBuilder a = new StringBuilder();
        a.append("// Written by make bench (cqrs.workbook.bench.Figures); do not edit.\n");
        a.append(String.format(Locale.ROOT, "Measured %s on %s (%d cores, %s), %s; JVM %s %s; Node.js %s.%n%n",
                r.path("machine").path("date").asText(), r.path("machine").path("cpu").asText(),
                r.path("machine").path("cores").asInt(), r.path("machine").path("os").asText(),
                "emulator: " + r.path("machine").path("emulator").asText(), r.path("jvm").path("vendor").asText(),
                r.path("jvm").path("version").asText(), r.path("node").path("version").asText()));
        a.append(String.format(Locale.ROOT, "Every runtime under the same CPU limit: %s.%n%n", r.path("machine").path("cpuLimit").asText("none")));
        a.append(open("variants"));
        a.append("[[bench-variants]]\n.Cold start by package and lever: process start to the first answered `POST /orgs` (emulator figures, this machine)\n");
        a.append("[cols=\"4,3,2,1,1,1,2\",options=\"header\"]\n|===\n");
        a.append("| Started as | Stands for on AWS | Median ms (min–max) | Init ms | First invoke ms | Second invoke ms | ÷ Node, per round: median (min–max)\n");
        for (JsonNode row : r.path("coldStart").path("variants")) {
            a.append(String.format(Locale.ROOT, "| %s | %s | %.0f (%.0f–%.0f) | %s | %.0f | %.0f | %.2f (%.2f–%.2f)%n",
                    row.path("label").asText(), row.path("onAws").asText(),
                    row.path("toFirstAnswerMedianMs").asDouble(), row.path("toFirstAnswerMinMs").asDouble(),
                    row.path("toFirstAnswerMaxMs").asDouble(),
                    row.path("initMedianMs").isNumber() ? String.format(Locale.ROOT, "%.0f", row.path("initMedianMs").asDouble()) : "–",
                    row.path("firstInvokeMedianMs").asDouble(), row.path("secondInvokeMedianMs").asDouble(),
                    row.path("ratioToNodeMedian").asDouble(), row.path("ratioToNodeMin").asDouble(), row.path("ratioToNodeMax").asDouble()));
        }
        a.append("|===\n");
        JsonNode cold = r.path("coldStart");
        a.append(String.format(Locale.ROOT, "%nThe provided.al2023 package against the Node.js peer, from the process start: *%.2f* "
                + "(%.0f ms against %.0f ms; per round %.2f–%.2f; %d rounds in a shuffled order).%n",
                cold.path("ratio").asDouble(), cold.path("javaMedianMs").asDouble(), cold.path("nodeMedianMs").asDouble(),
                cold.path("ratioMin").asDouble(), cold.path("ratioMax").asDouble(), cold.path("runsEach").asInt()));
        JsonNode restore = r.path("restore");
        if (restore.has("ratio")) {
            a.append(String.format(Locale.ROOT, "A restore of the primed zip from a CRIU checkpoint, from the emulator's start to the first "
                    + "answer, against the Node.js peer's whole cold start: *%.2f* (%.0f ms against %.0f ms; per round %.2f–%.2f; "
                    + "%d MiB of images).%n", restore.path("ratio").asDouble(), restore.path("javaMedianMs").asDouble(),
                    restore.path("nodeMedianMs").asDouble(), restore.path("ratioMin").asDouble(), restore.path("ratioMax").asDouble(),
                    restore.path("imageBytes").asLong() >> 20));
        } else {
            a.append("No restore was measured: " + restore.path("skipped").asText("not tried") + ".\n");
        }
        JsonNode primed = r.path("primedFirstRequest");
        a.append(String.format(Locale.ROOT, "%nThe first request after priming at init, both sides primed alike: *%.2f* "
                + "(%.0f ms against %.0f ms; per round %.2f–%.2f); the second request: %.0f ms against %.0f ms.%n",
                primed.path("ratio").asDouble(), primed.path("javaMedianMs").asDouble(), primed.path("nodeMedianMs").asDouble(),
                primed.path("ratioMin").asDouble(), primed.path("ratioMax").asDouble(),
                primed.path("javaSecondMs").asDouble(), primed.path("nodeSecondMs").asDouble()));
        a.append(close("variants") + "\n");
        JsonNode packages = r.path("packages");
        a.append(open("packages"));
        a.append(".The packages that make package builds\n[cols=\"2,2,1\",options=\"header\"]\n|===\n| Package | Runtimes | Size (zipped)\n");
        packages.properties().forEach(e -> a.append(String.format(Locale.ROOT, "| `%s` | %s | %.1f MiB%s%n",
                e.getValue().path("file").asText(), e.getValue().path("runtimes").asText(), e.getValue().path("bytes").asLong() / 1048576.0,
                e.getValue().has("aotCacheBytes") ? String.format(Locale.ROOT, " (AOT cache %.0f MiB unzipped)",
                        e.getValue().path("aotCacheBytes").asLong() / 1048576.0) : "")));
        a.append("|===\n" + close("packages") + "\n");
        JsonNode http = r.path("httpClient");
        a.append(open("http"));
        if (!http.isMissingNode()) {
            a.append(".The SDK's HTTP clients, each in a fresh JVM (median of 5; emulator figures)\n");
            a.append("[cols=\"2,1,1,1\",options=\"header\"]\n|===\n| HTTP client | Client built, ms | First call, ms | JVM start to answer, ms\n");
            http.properties().forEach(e -> a.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f%n", e.getKey(),
                    e.getValue().path("buildMedianMs").asDouble(), e.getValue().path("firstCallMedianMs").asDouble(),
                    e.getValue().path("jvmStartToAnswerMedianMs").asDouble())));
            a.append("|===\n");
            double floor = http.path("url-connection").path("jvmStartToAnswerMedianMs").asDouble();
            double node = r.path("coldStart").path("nodeMedianMs").asDouble();
            // Not under the CPU limit: these JVMs run on the whole machine, the peer's figure did not.
            if (floor > 0 && node > 0) {
                a.append(String.format(Locale.ROOT, "%nA JVM that only builds one DynamoDB client and reads one item takes %.0f ms "
                        + "to its answer: *%.2f ×* the Node.js peer's whole cold start (%.0f ms).%n", floor, floor / node, node));
            }
        }
        a.append(close("http") + "\n");
        JsonNode cost = r.path("commandCost");
        a.append(open("cost"));
        a.append(".The cost of a command and of a projected event (AWS requests, counted at the SDK boundary)\n");
        a.append("[cols=\"2,1,3,1\",options=\"header\"]\n|===\n| Per | Requests | By operation (over all) | DynamoDB capacity units (over all)\n");
        a.append(String.format(Locale.ROOT, "| accepted command (of %d) | %.2f | %s | %.1f%n", cost.path("commands").asInt(),
                cost.path("requestsPerRegistration").asDouble(), operations(cost.path("commandRequests")),
                cost.path("commandCapacityUnits").asDouble()));
        a.append(String.format(Locale.ROOT, "| projected event | %.2f | %s | %.1f%n", r.path("requestsPerProjectedEvent").asDouble(),
                operations(cost.path("projectionRequests")), cost.path("projectionCapacityUnits").asDouble()));
        a.append("|===\n" + close("cost") + "\n" + open("replay"));
        a.append(".Reading a stream back (median ms; emulator figures)\n");
        a.append("[cols=\"1,1,1,1,1,1\",options=\"header\"]\n|===\n| Events | Whole stream: items | ms | From the latest: items | ms | capacity units\n");
        for (JsonNode row : r.path("replay").path("rows")) {
            a.append(String.format(Locale.ROOT, "| %,d | %,d | %.1f | %d | %.1f | %.1f%n", row.path("events").asInt(),
                    row.path("wholeItems").asInt(), row.path("wholeMedianMs").asDouble(), row.path("latestItems").asInt(),
                    row.path("latestMedianMs").asDouble(), row.path("latestCapacityUnits").asDouble()));
        }
        a.append("|===\n");
        a.append(String.format(Locale.ROOT, "%nFrom the latest, 10,000 events against 1: *%.2f ×* the time, %.2f × the capacity.%n",
                r.path("replay").path("latestRatio10kTo1").asDouble(), r.path("replay").path("latestCapacityRatio10kTo1").asDouble()));
        a.append(close("replay") + "\n" + open("lag"));
        a.append(".Projection lag under the outbox: command answered to view written (emulator figures)\n");
        a.append("[cols=\"1,1,1,1,1,1,1,1\",options=\"header\"]\n|===\n| Rate /s | For s | Achieved /s | Events | Not projected in 30 s | p50 ms | p99 ms | max ms\n");
        for (JsonNode row : r.path("projectionLag").path("rates")) {
            a.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %d | %d | %.1f | %s | %.1f%n", row.path("targetPerSecond").asInt(),
                    row.path("seconds").asInt(), row.path("achievedPerSecond").asDouble(), row.path("events").asInt(),
                    row.path("failures").asInt(), row.path("p50Ms").asDouble(), ms(row.path("p99Ms")), row.path("maxProjectedMs").asDouble()));
        }
        a.append("|===\n");
        JsonNode lag = r.path("projectionLag");
        a.append(String.format(Locale.ROOT, "%nAt %d commands a second, %d events: p50 %.0f ms, p99 *%s ms*, %d not projected; "
                + "the highest rate tried whose p99 stayed within 250 ms with none missing: %.1f a second.%n",
                lag.path("steadyRatePerSecond").asInt(), lag.path("samples").asInt(), lag.path("p50Ms").asDouble(),
                ms(lag.path("p99Ms")), lag.path("failures").asInt(), lag.path("sustainedPerSecond").asDouble()));
        a.append(close("lag"));
        return a.toString();
    }
}
