package cqrs.workbook.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import cqrs.workbook.aggregate.Aggregates;
import cqrs.workbook.local.LocalRunner;
import cqrs.workbook.otp.CodeFor;
import cqrs.workbook.local.LocalRunner.Served;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Hostile input, automated: schemathesis generates requests from {@code openapi.yaml} (valid
 * ones, invalid ones, and sequences that follow the spec's links) against the local runner,
 * and checks every answer against the spec. Then this test checks what schemathesis cannot
 * see: no request it made was answered 5xx, every error was problem JSON, and nothing was
 * stored or texted for a request that was refused.
 */
class FuzzIT {

    /**
     * The budget: fixed seed, at least this many generated
     * cases per operation, plus the stateful phase.
     */
    static final int SEED = 20261127;
    static final int EXAMPLES_PER_OPERATION = 50;

    private static final Path OUT = Path.of("target/fuzz");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    /** The phones the handler published an SMS to, seen at the SDK boundary. */
    private final List<String> texted = Collections.synchronizedList(new ArrayList<>());

    private final ExecutionInterceptor smsRecorder = new ExecutionInterceptor() {
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PublishRequest publish && publish.phoneNumber() != null) {
                texted.add(publish.phoneNumber());
            }
        }
    };

    @Test
    void the_api_answers_hostile_input_as_its_spec_says_and_stores_nothing_it_refused() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("fuzz.skip"), "skipped: -Dfuzz.skip=true");
        Files.createDirectories(OUT);
        Path schemathesis = Path.of(System.getProperty("moto.venv", ".moto/venv"), "bin", "schemathesis");
        assertThat(schemathesis).as("schemathesis in the Python tools' venv (src/test/emulator/python-tools.sh)")
                .isExecutable();
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        try (LocalRunner runner = LocalRunner.start(port, List.of(smsRecorder))) {
            Optional<String> token = signIn(base);
            Path spec = spec(token.isPresent());
            List<String> command = new ArrayList<>(List.of(schemathesis.toString(), "run", spec.toString(),
                    "--url", base,
                    "--checks", "all",
                    // positive_data_acceptance: no pattern can say which numbers a numbering plan
                    // holds, so a schema-valid phone is often refused, rightly.
                    // ensure_resource_availability: a view follows its command eventually, so a GET
                    // right after a POST may answer 404, rightly.
                    "--exclude-checks", "positive_data_acceptance,ensure_resource_availability",
                    "--max-examples", Integer.toString(EXAMPLES_PER_OPERATION),
                    "--seed", Integer.toString(SEED),
                    "--generation-database", "none",
                    "--workers", "1",
                    "--request-timeout", "20",
                    "--no-color",
                    "--report", "junit",
                    "--report-junit-path", OUT.resolve("schemathesis-junit.xml").toString()));
            token.ifPresent(t -> command.addAll(List.of("-H", "Authorization: Bearer " + t)));
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(OUT.resolve("schemathesis.txt").toFile()).start();
            assertThat(process.waitFor(8, TimeUnit.MINUTES)).as("schemathesis finished within 8 minutes").isTrue();
            long seconds = (System.nanoTime() - started) / 1_000_000_000;
            String report = Files.readString(OUT.resolve("schemathesis.txt"));
            String summary = summary(report, seconds, runner);
            Files.writeString(OUT.resolve("summary.txt"), summary);
            System.out.print(summary);
            assertThat(process.exitValue()).as("schemathesis found nothing; its report:\n" + tail(report)).isZero();

            awaitQueuesDrained(runner);
            checkAnswers(runner.served);
            checkNothingStoredOrSentWhenRefused(runner);
        }
    }

    /** With sign-in, POST /orgs needs a token: take one the way a client would. */
    private Optional<String> signIn(String base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        if (get(http, base + "/.well-known/jwks.json").statusCode() != 200) {
            return Optional.empty();
        }
        String phone = "+6591239999";
        String otpId = JSON.readTree(post(http, base + "/otp", "{\"phone\": \"" + phone + "\"}").body())
                .path("otpId").asText();
        Matcher code = Pattern.compile("\\b([0-9]{6})\\b").matcher(
                get(http, base + "/_local/sms?phone=%2B" + phone.substring(1)).body());
        assertThat(code.find()).as("the sign-in code reached the phone").isTrue();
        JsonNode verified = JSON.readTree(post(http, base + "/otp/verify",
                "{\"phone\": \"" + phone + "\", \"otpId\": \"" + otpId + "\", \"code\": \"" + code.group(1) + "\"}").body());
        return Optional.ofNullable(verified.path("token").textValue());
    }

    /** The spec as run: without sign-in in this build, its routes and requirements are left out. */
    private Path spec(boolean signIn) throws IOException {
        ObjectNode spec = (ObjectNode) YAML.readTree(Path.of("openapi.yaml").toFile());
        if (!signIn) {
            ((ObjectNode) spec.path("paths")).remove("/.well-known/jwks.json");
            spec.path("paths").forEach(path -> path.forEach(operation -> {
                if (operation instanceof ObjectNode op) {
                    op.remove("security");
                }
            }));
        }
        Path written = OUT.resolve("openapi.yaml");
        YAML.writeValue(written.toFile(), spec);
        return written;
    }

    private static void checkAnswers(List<Served> served) {
        assertThat(served).as("requests the local runner served").hasSizeGreaterThan(EXAMPLES_PER_OPERATION * 6);
        assertThat(served).as("answers 5xx").noneMatch(s -> s.status() >= 500);
        assertThat(served).filteredOn(s -> s.status() >= 400).as("errors that are not problem JSON")
                .allMatch(s -> "application/problem+json".equals(caseBlind(s.headers()).get("content-type")));
    }

    /**
     * Every SMS went to a phone that some request was accepted for, and to no other; each
     * OTP stream and each org stream belongs to an accepted request; and the system sent as
     * many SMS as it stored OtpIssued events: none was sent for a refused request.
     */
    private void checkNothingStoredOrSentWhenRefused(LocalRunner runner) {
        Set<String> acceptedPhones = new HashSet<>();
        Set<String> registeredOrgs = new HashSet<>();
        for (Served s : List.copyOf(runner.served)) {
            boolean accepted = s.status() / 100 == 2 || s.status() == 422 || s.status() == 423;
            if (!accepted || !s.method().equals("POST") && !s.method().equals("PUT")) {
                continue;
            }
            JsonNode request = json(s.requestBody());
            for (String field : List.of("phone", "contactPhone")) {
                if (request.path(field).isTextual()) {
                    acceptedPhones.add(request.path(field).asText());
                }
            }
            if (s.method().equals("POST") && s.pathAndQuery().equals("/orgs") && s.status() == 201) {
                registeredOrgs.add(json(s.body()).path("id").asText());
            }
        }
        List<Map<String, String>> events = runner.aws.dynamo().scanPaginator(q ->
                q.tableName(runner.resources.eventsTable)
                .consistentRead(true)).items().stream()
                .map(item -> Map.of("stream", item.get("stream").s(), "type", item.get("type").s()))
                .toList();
        // tag::fuzz-invariants[]
        for (Map<String, String> event : events) {
            String stream = event.get("stream");
            if (Aggregates.OTP.owns(stream)) {
                assertThat(acceptedPhones).as("the phone of " + stream + " had a request accepted")
                        .contains(CodeFor.ofStreamId(Aggregates.OTP.idOf(stream)).phone().value());
            } else {
                assertThat(registeredOrgs).as("the org of " + stream
                        + " was registered by an accepted request")
                        .contains(Aggregates.ORG.idOf(stream));
            }
        }
        assertThat(texted).as("phones texted").allMatch(acceptedPhones::contains);
        assertThat(texted).as("one SMS per OtpIssued stored")
                .hasSize((int) events.stream().filter(e -> e.get("type").equals("OtpIssued")).count());
        // end::fuzz-invariants[]
    }

    private String summary(String report, long seconds, LocalRunner runner) {
        Matcher generated = Pattern.compile("(\\d+) generated").matcher(report);
        return "fuzzing: schemathesis, seed " + SEED + ", " + EXAMPLES_PER_OPERATION + " examples per operation"
                + " plus examples, coverage and stateful phases: "
                + (generated.find() ? generated.group(1) : "?") + " test cases, " + runner.served.size()
                + " requests served, " + texted.size() + " SMS sent, in " + seconds + " s\n"
                + report.lines().filter(line -> line.contains("failures") || line.contains("passed")
                        || line.startsWith("  ❌") || line.startsWith("  ⚠"))
                .reduce("", (a, b) -> a + b + "\n");
    }

    private static void awaitQueuesDrained(LocalRunner runner) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            int depth = 0;
            for (String url : List.of(runner.resources.projectionQueue.url(), runner.resources.reactionQueue.url())) {
                Map<QueueAttributeName, String> attributes = runner.aws.sqs().getQueueAttributes(g -> g.queueUrl(url)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
                depth += attributes.values().stream().mapToInt(Integer::parseInt).sum();
            }
            if (depth == 0) {
                return;
            }
            Thread.sleep(200); // polling with a deadline, not waiting for a fixed time
        }
        throw new AssertionError("the consumers' queues did not drain within 60 s");
    }

    private static Map<String, String> caseBlind(Map<String, String> headers) {
        Map<String, String> lower = new java.util.HashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(java.util.Locale.ROOT), value));
        return lower;
    }

    private static JsonNode json(String text) {
        try {
            return text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
        } catch (IOException notJson) {
            return JSON.nullNode();
        }
    }

    private static String tail(String report) {
        return report.length() <= 6000 ? report : report.substring(report.length() - 6000);
    }

    private static HttpResponse<String> get(HttpClient http, String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, String uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
