package cqrs.workbook.scenarios;

import cqrs.workbook.aggregate.Aggregates;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.emulator.LambdaInvoker;
import cqrs.workbook.emulator.LambdaJavaRuntime;
import cqrs.workbook.eventstore.StoredEvent;
import io.cucumber.java.After;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.opentest4j.TestAbortedException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Boots the packaged zip the way Lambda's java21 runtime does: unpacked into a task folder
 * (classes at the root, jars in lib/), started by the Java runtime interface client, which
 * asks the Runtime Interface Emulator for events over the Lambda Runtime API. The handler's
 * environment is the one the scenarios' handler gets.
 */
public final class RuntimeSteps {

    private static final Path ZIP = Path.of("target/cqrs-workbook-lambda.zip");
    private static final Path TASK = Path.of("target/rie/task");
    private static final Path PROVIDED = Path.of("target/cqrs-workbook-provided.zip");
    private static final Path PROVIDED_TASK = Path.of("target/rie/task-provided");
    private static final Pattern TEST_ONLY = Pattern.compile(
            "(?i).*(cucumber|junit|testcontainers|asciidoctor|selenium|assertj|opentest4j|/scenarios/|/emulator/|/guide/).*");

    private final World world;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;
    private Process rie;
    private URI invocations;
    private long startedNanos;
    private JsonNode answer;
    private final List<String> zipEntries = new ArrayList<>();

    public RuntimeSteps(World world) {
        this.world = world;
    }

    @Given("the packaged zip, unpacked as Lambda unpacks it")
    public void unpack() throws IOException {
        assertThat(ZIP).as("the zip of make package (built in the package phase)").exists();
        zipEntries.addAll(LambdaJavaRuntime.unpack(ZIP, TASK.toAbsolutePath()));
    }

    @Then("it holds the handler's classes and its runtime jars, and nothing test-only")
    public void contents() {
        assertThat(zipEntries).contains("cqrs/workbook/lambda/Handler.class", "cqrs/workbook/otp/OtpDecider.class");
        assertThat(zipEntries).anyMatch(name -> name.matches("lib/dynamodb-.*\\.jar"))
                .anyMatch(name -> name.matches("lib/url-connection-client-.*\\.jar"))
                .noneMatch(name -> name.matches("lib/(apache|netty).*\\.jar"))
                .noneMatch(name -> TEST_ONLY.matcher(name).matches());
    }

    @When("the runtime interface emulator starts the zip with the Java runtime interface client")
    public void start() throws Exception {
        if (!Files.isExecutable(LambdaJavaRuntime.RIE)) {
            throw new TestAbortedException(
                    "skipped: aws-lambda-rie is not built (the build makes it with Go, "
                    + "and Go was not found)");
        }
        int port = LambdaJavaRuntime.freePort();
        ProcessBuilder builder = LambdaJavaRuntime.behindEmulator(
                LambdaJavaRuntime.javaCommand(false, List.of(), LambdaJavaRuntime.HANDLER), port,
                TASK.toAbsolutePath(),
                world.env.resources.lambdaEnvironment(world.env.backend, world.env.otpKey),
                Path.of("target/rie/rie.log"));
        // Registering needs a token; signing in first keeps it out of the time to the first answer.
        token = world.token != null ? world.token : world.signInAsSetup(World.CLIENT_PHONE);
        startedNanos = System.nanoTime();
        rie = builder.start();
        invocations = LambdaJavaRuntime.invocations(port);
    }

    @Given("the provided.al2023 package, unpacked as Lambda unpacks it")
    public void unpackProvided() throws Exception {
        if (!Files.exists(PROVIDED)) {
            throw new TestAbortedException("skipped: make package builds " + PROVIDED
                    + " only with a JDK 25 or later on x86_64 (the JVM it ships); the build said why");
        }
        if (Files.exists(PROVIDED_TASK)) {
            try (var old = Files.walk(PROVIDED_TASK)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Files.createDirectories(PROVIDED_TASK);
        // unzip, as Lambda unpacks a zip: the execute bits of bootstrap and the JVM's programs are kept.
        Process unzip = new ProcessBuilder("unzip", "-q", PROVIDED.toAbsolutePath().toString(), "-d",
                PROVIDED_TASK.toAbsolutePath().toString()).inheritIO().start();
        assertThat(unzip.waitFor()).as("unzip " + PROVIDED).isZero();
    }

    @Then("it holds an executable bootstrap, a Java runtime of its own, and the handler's jars on the class path")
    public void providedContents() throws IOException {
        assertThat(PROVIDED_TASK.resolve("bootstrap")).isExecutable();
        assertThat(PROVIDED_TASK.resolve("jvm/bin/java")).isExecutable();
        String bootstrap = Files.readString(PROVIDED_TASK.resolve("bootstrap"));
        assertThat(bootstrap).contains("lib/cqrs-workbook.jar", "lib/dynamodb-", "lib/aws-lambda-java-runtime-interface-client-",
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", "$_HANDLER");
        try (var jars = Files.list(PROVIDED_TASK.resolve("lib"))) {
            assertThat(jars.map(jar -> jar.getFileName().toString())).noneMatch(name -> TEST_ONLY.matcher(name).matches());
        }
    }

    @When("the runtime interface emulator starts the package's bootstrap")
    public void startProvided() throws Exception {
        if (!Files.isExecutable(LambdaJavaRuntime.RIE)) {
            throw new TestAbortedException("skipped: aws-lambda-rie is not built (the build makes it with Go, "
                    + "and Go was not found)");
        }
        int port = LambdaJavaRuntime.freePort();
        Map<String, String> environment = new java.util.HashMap<>(
                world.env.resources.lambdaEnvironment(world.env.backend, world.env.otpKey));
        environment.put("_HANDLER", LambdaJavaRuntime.HANDLER); // Lambda sets it from the function's Handler
        ProcessBuilder builder = LambdaJavaRuntime.behindEmulator(
                List.of(PROVIDED_TASK.toAbsolutePath().resolve("bootstrap").toString()), port, PROVIDED_TASK.toAbsolutePath(),
                environment, Path.of("target/rie/rie.log"));
        token = world.token != null ? world.token : world.signInAsSetup(World.CLIENT_PHONE);
        startedNanos = System.nanoTime();
        rie = builder.start();
        invocations = LambdaJavaRuntime.invocations(port);
    }

    @When("it is invoked with an API Gateway event that registers an org")
    public void invokeHttp() throws Exception {
        ObjectNode event = LambdaInvoker.apiGatewayEvent("POST", "/orgs",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token),
                OrgSteps.profile("Runtime Pte Ltd", "Singapore", "SG"));
        JsonNode response = invoke(event);
        long firstAnswerMillis = (System.nanoTime() - startedNanos) / 1_000_000;
        Files.writeString(Path.of("target/rie/first-answer-ms.txt"), firstAnswerMillis + "\n");
        System.out.println("runtime    process start -> first answer: " + firstAnswerMillis + " ms");
        answer = World.json(response.path("body").asText());
        answer = World.JSON.createObjectNode().put("statusCode", response.path("statusCode").asInt())
                .set("body", answer);
        world.orgId = answer.path("body").path("id").asText();
    }

    @Then("the function answers {int} with version {int}")
    public void answers(int status, int version) {
        assertThat(answer.path("statusCode").asInt()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.path("body").path("version").asInt()).isEqualTo(version);
    }

    @When("its view is gone and it is invoked with that event as an SQS message of the projection queue")
    public void invokeSqs() throws Exception {
        world.awaitQueuesDrained(); // the scenarios' own consumers have projected it meanwhile
        world.env.aws.dynamo().deleteItem(d -> d.tableName(world.env.resources.viewsTable)
                .key(Map.of("id", AttributeValue.fromS(world.orgStream()))));
        Map<String, AttributeValue> item = world.stream(world.orgStream()).getFirst();
        StoredEvent stored = new StoredEvent(world.orgStream(), 1, item.get("eventId").s(), item.get("type").s(),
                item.get("payload").s(), Instant.parse(item.get("recordedAt").s()));
        ObjectNode event = World.JSON.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("messageId", "rie-1").put("receiptHandle", "rie-1")
                .put("body", Aggregates.publicForm(stored).toJson())
                .put("eventSource", "aws:sqs")
                .put("eventSourceARN", world.env.resources.projectionQueue.arn())
                .put("awsRegion", world.env.backend.region().id());
        record.putObject("attributes").put("MessageGroupId", world.orgStream()).put("ApproximateReceiveCount", "1");
        record.putObject("messageAttributes");
        answer = invoke(event);
    }

    @Then("the function reports no failed message")
    public void noFailures() {
        assertThat(answer.has("errorType")).as(answer.toString()).isFalse();
        assertThat(answer.path("batchItemFailures").isArray()).as(answer.toString()).isTrue();
        assertThat(answer.path("batchItemFailures")).isEmpty();
    }

    private JsonNode invoke(JsonNode event) throws Exception {
        HttpResponse<String> response = Eventually.poll("the runtime interface emulator to take the event", () -> {
            try {
                return http.send(HttpRequest.newBuilder(invocations).timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(event.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException notListeningYet) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, r -> r != null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = World.json(response.body());
        assertThat(body.has("errorType")).as(response.body()).isFalse();
        return body;
    }

    @After("@runtime-emulator or @runtime-provided")
    public void stop(Scenario scenario) throws Exception {
        if (rie != null) {
            rie.destroy();
            rie.waitFor();
            scenario.attach(Files.readAllBytes(Path.of("target/rie/rie.log")), "text/plain", "rie.log");
        }
    }
}
