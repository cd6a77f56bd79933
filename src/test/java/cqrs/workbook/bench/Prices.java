package cqrs.workbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Dollars from counts: what a command costs at AWS's list prices ({@code prices.json}, one
 * region, dated, each price with its source page), and what a million commands of a mix cost.
 * Run alone ({@code make cost MIX=signIn=1,update=3}) it prices the counts of the last
 * {@code make bench} with any mix.
 */
public final class Prices {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The mix the guide prices: a sign-in (code texted, then verified) for every few profile
     * writes, and the owner's verification of each contact phone that a registration names.
     */
    static final String DEFAULT_MIX =
            "otpIssue=30,signIn=27,wrongCode=3,register=4,registerWithContact=1,contactVerify=1,update=24,identicalUpdate=10";

    private final JsonNode prices;

    Prices(JsonNode prices) {
        this.prices = prices;
    }

    static Prices load() {
        try (InputStream in = Prices.class.getResourceAsStream("prices.json")) {
            return new Prices(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode file() {
        return prices;
    }

    private double usd(String item, double quantity) {
        JsonNode price = prices.path("prices").path(item);
        if (price.isMissingNode()) {
            throw new IllegalArgumentException("no price for " + item);
        }
        return quantity * price.path("usd").asDouble() / price.path("per").asDouble();
    }

    /**
     * One command and everything it set going, by service, in USD. The counts come from the
     * SDK boundary (see {@link CostCounter}); what the SDK does not see is added by rule: API
     * Gateway answers each command once, SNS delivers each published event to each
     * subscribed queue, and SNS's delivery into a queue is an SQS request like any other.
     */
    Map<String, Double> perCommand(JsonNode measured) {
        double invocations = 0;
        double billedMs = 0;
        double writeUnits = 0;
        double readUnits = 0;
        double published = 0;
        double publishedBytes = 0;
        double signs = 0;
        double texts = 0;
        for (String role : CommandCost.ROLES) {
            JsonNode r = measured.path(role);
            invocations += r.path("lambda.invocations").asDouble();
            billedMs += r.path("lambda.billedMs").asDouble();
            writeUnits += r.path(CostCounter.WRITE_UNITS).asDouble();
            readUnits += r.path(CostCounter.READ_UNITS).asDouble();
            published += r.path(CostCounter.PUBLISHED).asDouble();
            publishedBytes += r.path(CostCounter.PUBLISHED_BYTES).asDouble();
            signs += r.path(CostCounter.KMS_SIGN).asDouble();
            texts += r.path(CostCounter.SMS).asDouble();
        }
        JsonNode mapping = measured.path("mapping");
        // idle polls are counted apart
        double pollsWithMessages = mapping.path("requests.Sqs.ReceiveMessage").asDouble();
        double deliveries = published * prices.path("subscriptions").asDouble();
        double sqsRequests = deliveries + pollsWithMessages
                + mapping.path("requests.Sqs.DeleteMessageBatch").asDouble();
        double gb = 1024.0 * 1024 * 1024;
        Map<String, Double> usd = new LinkedHashMap<>();
        usd.put("API Gateway", usd("apiGatewayRestRequest", 1));
        usd.put("Lambda requests", usd("lambdaRequest", invocations));
        usd.put("Lambda GB-s", usd("lambdaGbSecond", billedMs / 1000 * prices.path("memoryGb")
                .asDouble()));
        usd.put("DynamoDB", usd("dynamodbWriteUnit", writeUnits) + usd("dynamodbReadUnit", readUnits));
        usd.put("SNS FIFO", usd("snsFifoPublish", published)
                + usd("snsFifoPublishedGb", publishedBytes / gb)
                + usd("snsFifoDelivery", deliveries)
                + usd("snsFifoDeliveredGb", deliveries * (published == 0 ? 0
                        : publishedBytes / published) / gb));
        usd.put("SQS FIFO", usd("sqsFifoRequest", sqsRequests));
        usd.put("KMS", usd("kmsAsymmetricRequest", signs));
        usd.put("SMS", usd("smsText", texts));
        return usd;
    }

    static Map<String, Double> parseMix(String mix) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String part : mix.split(",")) {
            String[] kv = part.strip().split("=");
            if (kv.length != 2) {
                throw new IllegalArgumentException("a mix is name=weight,name=weight…, not " + mix);
            }
            weights.put(kv[0].strip(), Double.parseDouble(kv[1].strip()));
        }
        return weights;
    }

    /** USD per million commands of {@code mix}, by service, from the per-command counts of one strategy. */
    Map<String, Double> perMillion(JsonNode byCase, Map<String, Double> mix) {
        double weights = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> total = new LinkedHashMap<>();
        mix.forEach((name, weight) -> {
            JsonNode measured = byCase.path(name);
            if (measured.isMissingNode()) {
                throw new IllegalArgumentException("no counts for the command " + name + "; measured: " + byCase.properties()
                        .stream().map(Map.Entry::getKey).toList());
            }
            perCommand(measured).forEach((service, usd) -> total.merge(service, usd * weight / weights * 1_000_000, Double::sum));
        });
        double all = total.values().stream().mapToDouble(Double::doubleValue).sum();
        total.put("total without SMS", all - total.getOrDefault("SMS", 0.0));
        total.put("total", all);
        return total;
    }

    /** The figures for results.json: per command type, and per million commands of the mix, both strategies. */
    ObjectNode results(JsonNode counts, String mix) {
        ObjectNode out = JSON.createObjectNode();
        Map<String, Double> weights = parseMix(mix);
        for (var strategy : counts.properties()) {
            ObjectNode s = out.putObject(strategy.getKey());
            ObjectNode perType = s.putObject("perCommandUsd");
            strategy.getValue().properties().forEach(c -> {
                ObjectNode row = perType.putObject(c.getKey());
                Map<String, Double> usd = perCommand(c.getValue());
                usd.forEach(row::put);
                double total = usd.values().stream().mapToDouble(Double::doubleValue).sum();
                row.put("total without SMS", total - usd.get("SMS"));
                row.put("total", total);
            });
            ObjectNode million = s.putObject("perMillionOfMixUsd");
            perMillion(strategy.getValue(), weights).forEach((service, usd) -> million.put(service, Bench.round(usd)));
        }
        return out;
    }

    /** {@code make cost MIX=…}: prices the counts of the last bench with another mix. */
    public static void main(String[] args) throws IOException {
        String mix = args.length > 0 && !args[0].isBlank() ? args[0] : DEFAULT_MIX;
        Path results = Files.exists(Path.of("target/bench/results.json")) ? Path.of("target/bench/results.json")
                : Path.of("docs/bench/results.json");
        JsonNode counts = JSON.readTree(results.toFile()).path("commandCounts");
        if (counts.isMissingNode()) {
            throw new IllegalStateException(results + " has no commandCounts: run make bench first");
        }
        Prices prices = load();
        System.out.printf(Locale.ROOT, "Counts from %s; prices %s, %s (%s).%nMix: %s%n", results,
                prices.file().path("region").asText(), prices.file().path("asOf").asText(), "src/test/resources/cqrs/workbook/bench/prices.json", mix);
        for (var strategy : counts.properties()) {
            System.out.printf(Locale.ROOT, "%n%s, USD per million commands:%n", strategy.getKey());
            prices.perMillion(strategy.getValue(), parseMix(mix))
                    .forEach((service, usd) -> System.out.printf(Locale.ROOT, "  %-16s %10.2f%n", service, usd));
        }
    }
}
