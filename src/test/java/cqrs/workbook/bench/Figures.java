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

    static String asciidoc(JsonNode r) {
        StringBuilder a = new StringBuilder();
        a.append("// Written by make bench (cqrs.workbook.bench.Figures); do not edit.\n");
        a.append(String.format(Locale.ROOT, "Measured %s on %s (%d cores, %s), %s; JVM %s %s; Node.js %s.%n%n",
                r.path("machine").path("date").asText(), r.path("machine").path("cpu").asText(),
                r.path("machine").path("cores").asInt(), r.path("machine").path("os").asText(),
                "emulator: " + r.path("machine").path("emulator").asText(), r.path("jvm").path("vendor").asText(),
                r.path("jvm").path("version").asText(), r.path("node").path("version").asText()));
        a.append(open("levers"));
        a.append("[[bench-levers]]\n.Cold start by lever: process start to the first answered `POST /orgs` (emulator figures, this machine)\n");
        a.append("[cols=\"4,1,2,2,2,1,1\",options=\"header\"]\n|===\n");
        a.append("| Levers | On Lambda's managed runtime | Median ms (min–max) | Init ms | First invoke ms | ÷ Node | First invoke ÷ Node\n");
        for (JsonNode row : r.path("levers").path("table")) {
            a.append(String.format(Locale.ROOT, "| %s | %s | %.0f (%.0f–%.0f) | %.0f | %.0f | %.2f | %.2f%n",
                    row.path("levers").asText(), row.path("validOnLambdaManagedRuntime").asBoolean() ? "yes" : "no",
                    row.path("toFirstAnswerMedianMs").asDouble(), row.path("toFirstAnswerMinMs").asDouble(),
                    row.path("toFirstAnswerMaxMs").asDouble(), row.path("initMedianMs").asDouble(),
                    row.path("firstInvokeMedianMs").asDouble(), row.path("ratioToNode").asDouble(),
                    row.path("firstInvokeRatioToNode").asDouble()));
        }
        a.append("|===\n");
        a.append(String.format(Locale.ROOT, "%nJava ÷ Node from the process start, the product as shipped (own events, no snapshot): *%.2f* "
                + "(%.0f ms against %.0f ms, medians of %d runs each). "
                + "The first request after priming, against Node's first invoke: *%.2f* (%.0f ms against %.0f ms).%n",
                r.path("coldStart").path("ratio").asDouble(), r.path("coldStart").path("javaMedianMs").asDouble(),
                r.path("coldStart").path("nodeMedianMs").asDouble(), r.path("coldStart").path("runsEach").asInt(),
                r.path("primedFirstRequest").path("ratio").asDouble(), r.path("primedFirstRequest").path("javaMs").asDouble(),
                r.path("primedFirstRequest").path("nodeMs").asDouble()));
        a.append(close("levers") + "\n");
        a.append(open("foreign")).append(r.path("classData").path("foreignArchive").asText("not measured")).append("\n" + close("foreign") + "\n");
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
                cost.path("requestsPerRegistration").asDouble(), cost.path("commandRequests"), cost.path("commandCapacityUnits").asDouble()));
        a.append(String.format(Locale.ROOT, "| projected event | %.2f | %s | %.1f%n", r.path("requestsPerProjectedEvent").asDouble(),
                cost.path("projectionRequests"), cost.path("projectionCapacityUnits").asDouble()));
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
        a.append(".Projection lag at steady rates, local event source mapping (emulator figures)\n");
        a.append("[cols=\"1,1,1,1,1,1\",options=\"header\"]\n|===\n| Target rate /s | Achieved /s | Events | p50 ms | p99 ms | max ms\n");
        for (JsonNode row : r.path("projectionLag").path("rates")) {
            a.append(String.format(Locale.ROOT, "| %d | %.1f | %d | %.1f | %.1f | %.1f%n", row.path("targetPerSecond").asInt(),
                    row.path("achievedPerSecond").asDouble(), row.path("events").asInt(), row.path("p50Ms").asDouble(),
                    row.path("p99Ms").asDouble(), row.path("maxMs").asDouble()));
        }
        a.append("|===\n");
        a.append(String.format(Locale.ROOT, "%nAt %d commands a second: p50 %.0f ms, p99 *%.0f ms*, max %.0f ms; "
                + "the highest rate tried whose p99 stayed within 250 ms: %.1f a second.%n",
                r.path("projectionLag").path("steadyRatePerSecond").asInt(), r.path("projectionLag").path("p50Ms").asDouble(),
                r.path("projectionLag").path("p99Ms").asDouble(), r.path("projectionLag").path("maxMs").asDouble(),
                r.path("projectionLag").path("sustainedPerSecond").asDouble()));
        a.append(close("lag"));
        return a.toString();
    }
}
