package cqrs.workbook.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.emulator.AwsBackend;
import cqrs.workbook.emulator.EventSourceMapping;
import cqrs.workbook.emulator.LambdaInvoker;
import cqrs.workbook.emulator.LambdaInvoker.Exchange;
import cqrs.workbook.emulator.Resources;
import cqrs.workbook.emulator.StreamEventSourceMapping;
import cqrs.workbook.emulator.TestAws;
import cqrs.workbook.lambda.Application;
import cqrs.workbook.lambda.Config;
import cqrs.workbook.lambda.Handler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What each command costs in AWS requests, DynamoDB request units, published bytes, texts and
 * Lambda invocations, for every role it sets going, under both publishing strategies. Each
 * role of the one function runs here as its own instance with its own {@link CostCounter},
 * so that the relay's, the projection's and the event handler's work can be told apart from
 * the command's; and the event source mappings poll through a counted SQS client, because
 * Lambda's pollers' requests are billed to the account too.
 */
final class CommandCost {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> ROLES = List.of("command", "relay", "projection", "reaction", "mapping");
    private static final int REPEATS = Integer.getInteger("bench.costRepeats", 10);

    /**
     * One kind of command: {@code prepare} runs what must exist before it (not counted) and
     * answers the command itself, which is counted with everything it sets going. The list
     * is data: a new route is one more line.
     */
    record Case(String key, String route, String label,
            java.util.function.Function<Driver, Runnable> prepare) {}

    static final List<Case> CASES = List.of(
            new Case("register", "POST /orgs", "POST /orgs (no contact phone)", d -> () ->
                    d.register(d.profile(null))),
            new Case("registerWithContact", "POST /orgs",
                    "POST /orgs with a contact phone (the event handler texts a code)",
                    d -> () -> d.register(d.profile(d.freshPhone()))),
            new Case("update", "PUT /orgs/{id}", "PUT /orgs/{id}, a changed profile", d -> {
                String id = d.register(d.profile(null));
                return () -> d.expect(200, "PUT", "/orgs/" + id, d.orgHeaders(), d.profile(null));
            }),
            new Case("identicalUpdate", "PUT /orgs/{id}", "PUT /orgs/{id}, the same profile (no event)",
                    d -> {
                String profile = d.profile(null);
                String id = d.register(profile);
                return () -> d.expect(200, "PUT", "/orgs/" + id, d.orgHeaders(), profile);
            }),
            new Case("otpIssue", "POST /otp", "POST /otp (one SMS)", d -> {
                String phone = d.freshPhone();
                return () -> d.expect(201, "POST", "/otp", Driver.JSON_HEADERS, "{\"phone\": \"" + phone
                        + "\"}");
            }),
            new Case("signIn", "POST /otp/verify", "POST /otp/verify, the right code (a KMS signature)",
                    d -> {
                Driver.Issued code = d.issue(d.freshPhone());
                return () -> d.expect(200, "POST", "/otp/verify", Driver.JSON_HEADERS,
                        code.verifyBody(code.code()));
            }),
            new Case("wrongCode", "POST /otp/verify", "POST /otp/verify, a wrong code", d -> {
                Driver.Issued code = d.issue(d.freshPhone());
                return () -> d.expect(422, "POST", "/otp/verify", Driver.JSON_HEADERS,
                        code.verifyBody(code.wrong()));
            }),
            new Case("contactVerify", "POST /orgs/{id}/contact/verify",
                    "POST /orgs/{id}/contact/verify, the right code (the event handler marks the org)",
                    d -> {
                String phone = d.freshPhone();
                String id = d.register(d.profile(phone));
                String code = d.contactCode(phone, 1); // texted by the event handler
                return () -> d.expect(200, "POST", "/orgs/" + id + "/contact/verify", d.orgHeaders(),
                        "{\"code\": \"" + code + "\"}");
            }),
            new Case("contactCode", "POST /orgs/{id}/contact/code",
                    "POST /orgs/{id}/contact/code (a new contact code, one SMS)", d -> {
                String phone = d.freshPhone();
                String id = d.register(d.profile(phone));
                d.contactCode(phone, 1); // the first code, the event handler's, is not counted
                return () -> d.expect(201, "POST", "/orgs/" + id + "/contact/code", d.bearer(), null);
            }),
            new Case("idempotentReplay", "POST /orgs",
                    "POST /orgs again under its Idempotency-Key (answered from the kept answer)", d -> {
                String profile = d.profile(null);
                Map<String, String> headers = new java.util.HashMap<>(d.orgHeaders());
                headers.put("Idempotency-Key", "replay-" + java.util.UUID.randomUUID());
                d.expect(201, "POST", "/orgs", headers, profile); // the first request, not counted
                return () -> d.expect(201, "POST", "/orgs", headers, profile);
            })
    );

    /** A role's handler, timed and counted per invocation, as Lambda bills it (duration rounded up to 1 ms). */
    static final class Timed implements RequestStreamHandler {
        final RequestStreamHandler handler;
        final AtomicLong invocations = new AtomicLong();
        final AtomicLong records = new AtomicLong();
        final DoubleAdder billedMs = new DoubleAdder();

        Timed(RequestStreamHandler handler) {
            this.handler = handler;
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            byte[] event = input.readAllBytes();
            long start = System.nanoTime();
            try {
                handler.handleRequest(new ByteArrayInputStream(event), output, context);
            } finally {
                billedMs.add(Math.ceil((System.nanoTime() - start) / 1e6));
                invocations.incrementAndGet();
                JsonNode parsed = JSON.readTree(event).path("Records");
                records.addAndGet(parsed.isArray() ? parsed.size() : 1);
            }
        }

        Map<String, Double> snapshot() {
            return Map.of("lambda.invocations", (double) invocations.get(), "lambda.billedMs", billedMs.sum(),
                    "lambda.records", (double) records.get());
        }
    }

    /** A role: the function's instance, its counter, its timer. */
    record Role(CostCounter counter, Timed timed, LambdaInvoker lambda) {
        static Role of(Map<String, String> env) {
            CostCounter counter = new CostCounter();
            Timed timed = new Timed(new Handler(Application.create(Config.from(env), Clock.systemUTC(), List.of(counter))));
            return new Role(counter, timed, new LambdaInvoker(timed));
        }

        Map<String, Double> snapshot() {
            Map<String, Double> all = new TreeMap<>(counter.snapshot());
            all.putAll(timed.snapshot());
            return all;
        }
    }

    private final AwsBackend backend;
    private final TestAws aws;
    private final Resources resources;
    private final Consumer<String> progress;

    CommandCost(AwsBackend backend, TestAws aws, Resources resources, Consumer<String> progress) {
        this.backend = backend;
        this.aws = aws;
        this.resources = resources;
        this.progress = progress;
    }

    /** Both strategies, every case: {strategy: {case: {role: {measure: per command}}}}. */
    ObjectNode measure() throws Exception {
        ObjectNode all = JSON.createObjectNode();
        CostCounter mappingCounter = new CostCounter();
        SqsClient mappingSqs = countedSqs(mappingCounter);
        StreamEventSourceMapping relayMapping = null;
        try {
            for (String strategy : List.of("compensation", "outbox")) {
                // The bench's own OTP key: the parameter is shared, and later sections' functions read it too.
                Map<String, String> env = resources.lambdaEnvironment(backend, "b".repeat(64), strategy);
                Map<String, Role> roles = new LinkedHashMap<>();
                for (String role : List.of("command", "relay", "projection", "reaction")) {
                    roles.put(role, Role.of(env));
                }
                if (strategy.equals("outbox")) {
                    relayMapping = new StreamEventSourceMapping(aws.streams(), resources.eventsStreamArn,
                            backend.region().id(), roles.get("relay").lambda());
                    relayMapping.skipToNow(); // the compensation run's events were published already
                    relayMapping.start();
                }
                ObjectNode byCase = all.putObject(strategy);
                try (EventSourceMapping projection = new EventSourceMapping("projection", mappingSqs,
                        resources.projectionQueue.url(), resources.projectionQueue.arn(), backend.region().id(),
                        roles.get("projection").lambda());
                     EventSourceMapping reaction = new EventSourceMapping("reaction", mappingSqs,
                        resources.reactionQueue.url(), resources.reactionQueue.arn(), backend.region().id(),
                        roles.get("reaction").lambda())) {
                    Driver driver = new Driver(roles.get("command").lambda(), backend);
                    driver.signIn();
                    StreamEventSourceMapping relay = strategy.equals("outbox") ? relayMapping : null;
                    quiesce(relay, roles, mappingCounter);
                    for (Case c : CASES) {
                        List<Runnable> commands = new ArrayList<>();
                        for (int i = 0; i < REPEATS; i++) {
                            commands.add(c.prepare().apply(driver));
                        }
                        quiesce(relay, roles, mappingCounter);
                        Map<String, Map<String, Double>> before = snapshot(roles, mappingCounter);
                        commands.forEach(Runnable::run);
                        quiesce(relay, roles, mappingCounter);
                        Map<String, Map<String, Double>> after = snapshot(roles, mappingCounter);
                        ObjectNode perCommand = byCase.putObject(c.key());
                        perCommand.put("label", c.label()).put("route", c.route()).put("commands", REPEATS);
                        for (String role : ROLES) {
                            ObjectNode measures = perCommand.putObject(role);
                            CostCounter.minus(after.get(role), before.get(role))
                                    .forEach((name, value) -> measures.put(name, Bench.round(value / REPEATS * 1000) / 1000));
                        }
                        progress.accept(String.format("cost %-12s %-20s %s", strategy, c.key(), summary(perCommand)));
                    }
                }
            }
        } finally {
            if (relayMapping != null) {
                relayMapping.close();
            }
            mappingSqs.close();
        }
        return all;
    }

    /**
     * {@code make bench}'s cost section: the counts, then the keys of results.json: requests
     * and request units per command type (the outbox, the default; both strategies beside),
     * per event for each downstream role, and USD per million commands of the mix
     * ({@code -Dcost.mix=name=weight,…}, default {@link Prices#DEFAULT_MIX}).
     */
    static void section(AwsBackend backend, TestAws aws, Resources resources, ObjectNode results,
                        Consumer<String> progress) throws Exception {
        ObjectNode counts = new CommandCost(backend, aws, resources, progress).measure();
        derive(results, counts, progress);
    }

    /** The keys of results.json from the counts: also run alone, to price old counts anew (make bench-cost FIGURES_ONLY=1). */
    static void derive(ObjectNode results, JsonNode counts, Consumer<String> progress) throws IOException {
        results.set("commandCounts", counts);
        ObjectNode byStrategy = results.putObject("requestsPerCommandByStrategy");
        ObjectNode unitsByStrategy = results.putObject("capacityUnitsPerCommandByStrategy");
        for (var strategy : counts.properties()) {
            ObjectNode requests = byStrategy.putObject(strategy.getKey());
            ObjectNode units = unitsByStrategy.putObject(strategy.getKey());
            strategy.getValue().properties().forEach(c -> {
                requests.put(c.getKey(), Bench.round(functionRequests(c.getValue())));
                units.putObject(c.getKey())
                        .put("writeUnits", Bench.round(total(c.getValue(), CostCounter.WRITE_UNITS)))
                        .put("readUnits", Bench.round(total(c.getValue(), CostCounter.READ_UNITS)));
            });
            // Per event, for each role downstream of the command: its work over every case, per record it got.
            for (String role : List.of("relay", "projection", "reaction")) {
                double roleRequests = 0;
                double records = 0;
                double write = 0;
                double read = 0;
                for (var c : strategy.getValue().properties()) {
                    roleRequests += requests(c.getValue().path(role));
                    records += c.getValue().path(role).path("lambda.records").asDouble();
                    write += c.getValue().path(role).path(CostCounter.WRITE_UNITS).asDouble();
                    read += c.getValue().path(role).path(CostCounter.READ_UNITS).asDouble();
                }
                if (records > 0) {
                    String key = switch (role) {
                        case "relay" -> "relayedEvent";
                        case "projection" -> "projectedEvent";
                        default -> "reactionToEvent";
                    };
                    requests.put(key, Bench.round(roleRequests / records));
                    units.putObject(key).put("writeUnits", Bench.round(write / records)).put("readUnits", Bench.round(read / records));
                }
            }
        }
        results.set("requestsPerCommand", byStrategy.path("outbox").deepCopy());
        results.set("capacityUnitsPerCommand", unitsByStrategy.path("outbox").deepCopy());
        String mix = System.getProperty("cost.mix", Prices.DEFAULT_MIX);
        Prices prices = Prices.load();
        ObjectNode priced = prices.results(counts, mix);
        priced.put("mix", mix);
        priced.set("prices", prices.file());
        results.set("cost", priced);
        results.put("costPerMillionCommandsUsd", priced.path("outbox").path("perMillionOfMixUsd").path("total").asDouble());
        results.put("costPerMillionCommandsUsd.compensation",
                priced.path("compensation").path("perMillionOfMixUsd").path("total").asDouble());
        results.put("costPerMillionCommandsUsd.withoutSms",
                priced.path("outbox").path("perMillionOfMixUsd").path("total without SMS").asDouble());
        results.put("costMix", mix);
        results.set("capacity", Capacity.model(counts, mix));
        CostFigures.mergeLoad(results, java.nio.file.Path.of("target/load/load.json")); // the last make load, if any
        progress.accept(String.format("cost      USD %.2f per million commands of the mix %s (outbox; %.2f under compensation)",
                results.path("costPerMillionCommandsUsd").asDouble(), mix,
                results.path("costPerMillionCommandsUsd.compensation").asDouble()));
    }

    /** The function's own requests, every role (the mapping's polls are Lambda's, priced apart). */
    static double functionRequests(JsonNode perCommand) {
        double sum = 0;
        for (String role : List.of("command", "relay", "projection", "reaction")) {
            sum += requests(perCommand.path(role));
        }
        return sum;
    }

    static double requests(JsonNode role) {
        double sum = 0;
        for (var e : role.properties()) {
            if (e.getKey().startsWith(CostCounter.REQUESTS) && !e.getKey().endsWith("(empty)")) {
                sum += e.getValue().asDouble();
            }
        }
        return sum;
    }

    private static String summary(JsonNode perCommand) {
        StringBuilder s = new StringBuilder();
        for (String role : ROLES) {
            double requests = 0;
            for (var e : perCommand.path(role).properties()) {
                if (e.getKey().startsWith(CostCounter.REQUESTS) && !e.getKey().endsWith("(empty)")) {
                    requests += e.getValue().asDouble();
                }
            }
            if (requests > 0) {
                s.append(String.format("%s %.1f  ", role, requests));
            }
        }
        return s.append(String.format("WRU %.1f RRU %.1f", total(perCommand, CostCounter.WRITE_UNITS),
                total(perCommand, CostCounter.READ_UNITS))).toString().strip();
    }

    static double total(JsonNode perCommand, String measure) {
        double sum = 0;
        for (String role : ROLES) {
            sum += perCommand.path(role).path(measure).asDouble();
        }
        return sum;
    }

    private static Map<String, Map<String, Double>> snapshot(Map<String, Role> roles, CostCounter mapping) {
        Map<String, Map<String, Double>> all = new LinkedHashMap<>();
        roles.forEach((name, role) -> all.put(name, role.snapshot()));
        all.put("mapping", mapping.snapshot());
        return all;
    }

    /**
     * Waits until everything the commands set going is done: the relay found no new record,
     * both queues are empty, and no role did anything for a while. A reaction's command sets
     * the relay going again, hence the loop.
     */
    private void quiesce(StreamEventSourceMapping relay, Map<String, Role> roles, CostCounter mapping) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Map<String, Map<String, Double>> last = null;
        int stable = 0;
        while (stable < 3 && System.nanoTime() < deadline) {
            if (relay != null) {
                relay.awaitIdle();
            }
            boolean empty = queueEmpty(resources.projectionQueue.url()) && queueEmpty(resources.reactionQueue.url());
            Map<String, Map<String, Double>> now = snapshot(roles, mapping);
            now.remove("mapping"); // its idle polls go on
            stable = empty && now.equals(last) ? stable + 1 : 0;
            last = now;
            pause(300);
        }
    }

    private boolean queueEmpty(String url) {
        return aws.sqs().getQueueAttributes(g -> g.queueUrl(url).attributeNamesWithStrings(
                        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings().values().stream().allMatch("0"::equals);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms); // between two looks (queues, texts) under a deadline, not a wait for a result
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SqsClient countedSqs(CostCounter counter) {
        var builder = SqsClient.builder().region(backend.region())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(counter).build());
        backend.credentials().ifPresent(c -> builder.credentialsProvider(StaticCredentialsProvider.create(c)));
        backend.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** Sends the commands as a client would, through the command role's instance. */
    static final class Driver {
        static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json");
        private static final Pattern SIGN_IN_TEXT = Pattern.compile("(?s)Your sign-in code is ([0-9]{6})\\..*");
        private static final Pattern CONTACT_TEXT = Pattern.compile("(?s).* asks to list this number as its contact\\. Its code is ([0-9]{6}) .*");
        private static final AtomicLong PHONES = new AtomicLong(91_000_000L + (System.nanoTime() / 1000) % 4_000_000L);
        private static final AtomicLong NAMES = new AtomicLong();
        private final LambdaInvoker lambda;
        private final AwsBackend backend;
        private Map<String, String> orgHeaders;

        Driver(LambdaInvoker lambda, AwsBackend backend) {
            this.lambda = lambda;
            this.backend = backend;
        }

        /**
         * A Singapore mobile number not used before in this run (+6591…–+6594…, all valid): every
         * case texts a phone at most twice, far below its 3 codes per 10 minutes and 10 texts a day.
         */
        String freshPhone() {
            return "+65" + PHONES.incrementAndGet();
        }

        String profile(String contactPhone) {
            return "{\"name\": \"Cost " + NAMES.incrementAndGet() + "\", \"location\": {\"city\": \"Singapore\", "
                    + "\"country\": \"SG\"}, \"website\": \"https://cost.example\""
                    + (contactPhone == null ? "" : ", \"contactPhone\": \"" + contactPhone + "\"") + "}";
        }

        Map<String, String> orgHeaders() {
            return orgHeaders;
        }

        /** The token alone, for a command without a body. */
        Map<String, String> bearer() {
            return Map.of("Authorization", orgHeaders.get("Authorization"));
        }

        /** A sign-in code as its phone's owner holds it: the otpId answered, the code texted. */
        record Issued(String phone, String otpId, String code) {
            String verifyBody(String typed) {
                return "{\"phone\": \"" + phone + "\", \"otpId\": \"" + otpId + "\", \"code\": \"" + typed + "\"}";
            }

            String wrong() {
                return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
            }
        }

        /** Asks for a sign-in code and reads it from the text, sent before the answer. */
        Issued issue(String phone) {
            String otpId = expect(201, "POST", "/otp", JSON_HEADERS, "{\"phone\": \"" + phone + "\"}").json().path("otpId").asText();
            String text = backend.smsSentTo(phone).getLast().message();
            Matcher code = SIGN_IN_TEXT.matcher(text);
            if (!code.matches()) {
                throw new IllegalStateException("not a sign-in text: " + text);
            }
            return new Issued(phone, otpId, code.group(1));
        }

        /**
         * The code of the {@code nth} contact text {@code phone} received: the event handler sends
         * it after the registration's answer, so it is polled for, with a deadline.
         */
        String contactCode(String phone, int nth) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline) {
                List<String> codes = backend.smsSentTo(phone).stream().map(m -> CONTACT_TEXT.matcher(m.message()))
                        .filter(Matcher::matches).map(m -> m.group(1)).toList();
                if (codes.size() >= nth) {
                    return codes.get(nth - 1);
                }
                pause(50);
            }
            throw new IllegalStateException("no contact code " + nth + " for " + phone + " within 30 s");
        }

        void signIn() {
            Issued issued = issue(freshPhone());
            Exchange verified = expect(200, "POST", "/otp/verify", JSON_HEADERS, issued.verifyBody(issued.code()));
            orgHeaders = Map.of("Content-Type", "application/json",
                    "Authorization", "Bearer " + verified.json().path("token").asText());
        }

        String register(String profile) {
            return expect(201, "POST", "/orgs", orgHeaders, profile).json().path("id").asText();
        }

        Exchange expect(int status, String method, String path, Map<String, String> headers, String body) {
            Exchange answer = lambda.http(method, path, headers, body);
            if (answer.status() != status) {
                throw new IllegalStateException(method + " " + path + " answered " + answer.status() + ", not " + status
                        + ": " + answer.body());
            }
            return answer;
        }
    }
}
