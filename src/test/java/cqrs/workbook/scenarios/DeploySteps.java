package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import cqrs.workbook.emulator.EventSourceMapping;
import cqrs.workbook.emulator.StreamEventSourceMapping;
import cqrs.workbook.emulator.Resources;
import cqrs.workbook.lambda.Config;
import cqrs.workbook.lambda.Handler;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Steps that hold template.yaml against what the harness creates on the emulator. The
 * template is read as YAML; CloudFormation's short tags (!Ref, !Sub, !GetAtt) are left as
 * the plain values they wrap.
 */
public final class DeploySteps {

    private static final Path TEMPLATE = Path.of("template.yaml");
    /** Lambda sets these itself; the emulator-specific ones exist only off AWS. */
    private static final Set<String> SET_BY_LAMBDA = Set.of("AWS_REGION", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

    private final World world;
    private final JsonNode template;
    private String lintOutput;
    private int lintExit;

    public DeploySteps(World world) throws IOException {
        this.world = world;
        this.template = new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
    }

    private JsonNode resource(String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        assertThat(resource.isMissingNode()).as("template.yaml declares " + logicalId).isFalse();
        return resource.path("Properties");
    }

    @When("cfn-lint checks template.yaml")
    public void lint() throws Exception {
        Path cfnLint = Path.of(System.getProperty("moto.venv", ".moto/venv"), "bin", "cfn-lint");
        Process process = new ProcessBuilder(cfnLint.toString(), TEMPLATE.toString())
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
        lintOutput = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        lintExit = process.exitValue();
    }

    @Then("it reports nothing")
    public void lintClean() {
        assertThat(lintOutput).as("cfn-lint's report").isBlank();
        assertThat(lintExit).isZero();
    }

    @Then("the event store table has the template's key schema")
    public void eventsTable() {
        assertTable("EventsTable", world.env.resources.eventsTable, "-events");
    }

    @Then("the view table has the template's key schema")
    public void viewsTable() {
        assertTable("ViewsTable", world.env.resources.viewsTable, "-views");
    }

    private void assertTable(String logicalId, String tableName, String suffix) {
        JsonNode declared = resource(logicalId);
        TableDescription created = world.env.aws.dynamo().describeTable(d -> d.tableName(tableName)).table();
        assertThat(declared.path("TableName").asText()).endsWith(suffix);
        assertThat(tableName).endsWith(suffix);
        assertThat(created.keySchema()).extracting(k -> k.attributeName() + " " + k.keyTypeAsString())
                .containsExactlyElementsOf(list(declared.path("KeySchema"), k -> k.path("AttributeName").asText()
                        + " " + k.path("KeyType").asText()));
        assertThat(created.attributeDefinitions()).extracting(a -> a.attributeName() + " " + a.attributeTypeAsString())
                .containsExactlyInAnyOrderElementsOf(list(declared.path("AttributeDefinitions"),
                        a -> a.path("AttributeName").asText() + " " + a.path("AttributeType").asText()));
        assertThat(declared.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
    }

    @Then("the topic is FIFO without content-based deduplication, as in the template")
    public void topic() {
        JsonNode declared = resource("EventsTopic");
        Map<String, String> created = world.env.aws.sns()
                .getTopicAttributes(g -> g.topicArn(world.env.resources.topicArn)).attributes();
        assertThat(declared.path("FifoTopic").asBoolean()).isTrue();
        assertThat(created.get("FifoTopic")).isEqualTo("true");
        assertThat(Boolean.parseBoolean(created.getOrDefault("ContentBasedDeduplication", "false")))
                .isEqualTo(declared.path("ContentBasedDeduplication").asBoolean());
        assertThat(declared.path("TopicName").asText()).endsWith("-events.fifo");
        assertThat(world.env.resources.topicArn).endsWith("-events.fifo");
    }

    @Then("each consumer's queue has the template's FIFO, visibility and redrive settings")
    public void queues() {
        for (var pair : queuePairs()) {
            JsonNode declared = resource(pair.logicalId());
            Map<QueueAttributeName, String> created = attributes(pair.queue().url());
            assertThat(declared.path("QueueName").asText()).endsWith(pair.suffix() + ".fifo");
            assertThat(pair.queue().url()).endsWith(pair.suffix() + ".fifo");
            assertThat(created.get(QueueAttributeName.FIFO_QUEUE)).isEqualTo("true");
            assertThat(declared.path("FifoQueue").asBoolean()).isTrue();
            assertThat(Boolean.parseBoolean(created.getOrDefault(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")))
                    .isEqualTo(declared.path("ContentBasedDeduplication").asBoolean());
            // The scenarios shorten the visibility timeout so that failed messages return soon;
            // the local runner uses the template's.
            assertThat(declared.path("VisibilityTimeout").asInt()).isEqualTo(Resources.VISIBILITY_TIMEOUT_SECONDS);
            assertThat(created.get(QueueAttributeName.VISIBILITY_TIMEOUT))
                    .isEqualTo(Integer.toString(TestEnvironment.VISIBILITY_TIMEOUT_SECONDS));
            JsonNode redrive = World.json(created.get(QueueAttributeName.REDRIVE_POLICY));
            assertThat(redrive.path("maxReceiveCount").asInt())
                    .isEqualTo(declared.path("RedrivePolicy").path("maxReceiveCount").asInt());
            assertThat(redrive.path("deadLetterTargetArn").asText()).isEqualTo(pair.queue().dlqArn());
        }
    }

    @Then("each queue's dead-letter queue is FIFO and keeps messages as long as in the template")
    public void deadLetterQueues() {
        for (var pair : queuePairs()) {
            JsonNode declared = resource(pair.logicalId().replace("Queue", "Dlq"));
            Map<QueueAttributeName, String> created = attributes(pair.queue().dlqUrl());
            assertThat(created.get(QueueAttributeName.FIFO_QUEUE)).isEqualTo("true");
            assertThat(created.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD))
                    .isEqualTo(declared.path("MessageRetentionPeriod").asText());
            assertThat(declared.path("QueueName").asText()).endsWith(pair.suffix() + "-dlq.fifo");
        }
    }

    @Then("each queue is subscribed with raw message delivery, as in the template")
    public void subscriptions() {
        for (var pair : queuePairs()) {
            JsonNode declared = resource(pair.logicalId().replace("Queue", "Subscription"));
            Map<String, String> created = world.env.aws.sns()
                    .getSubscriptionAttributes(g -> g.subscriptionArn(pair.queue().subscriptionArn())).attributes();
            assertThat(declared.path("Protocol").asText()).isEqualTo("sqs");
            assertThat(declared.path("RawMessageDelivery").asBoolean()).isTrue();
            assertThat(created.get("RawMessageDelivery")).isEqualTo("true");
            assertThat(created.get("Protocol")).isEqualTo("sqs");
            assertThat(created.get("Endpoint")).isEqualTo(pair.queue().arn());
        }
    }

    @Then("the event source mappings use the template's batch size and report batch item failures")
    public void eventSourceMappings() {
        List<JsonNode> sqsEvents = new ArrayList<>();
        resource("HandlerFunction").path("Events").forEach(event -> {
            if (event.path("Type").asText().equals("SQS")) {
                sqsEvents.add(event.path("Properties"));
            }
        });
        assertThat(sqsEvents).hasSize(2).allSatisfy(event -> {
            assertThat(event.path("BatchSize").asInt()).isEqualTo(EventSourceMapping.BATCH_SIZE);
            assertThat(list(event.path("FunctionResponseTypes"), JsonNode::asText)).containsExactly("ReportBatchItemFailures");
            assertThat(event.has("MaximumBatchingWindowInSeconds")).as("no batching window for FIFO").isFalse();
        });
        assertThat(sqsEvents).extracting(e -> e.path("Queue").asText())
                .containsExactlyInAnyOrder("ProjectionQueue.Arn", "ReactionQueue.Arn");
    }

    @Then("the token key is an asymmetric signing key of the template's key spec")
    public void tokenKey() {
        JsonNode declared = resource("TokenKey");
        var created = world.env.aws.kms().describeKey(d -> d.keyId(world.env.resources.tokenKeyId)).keyMetadata();
        assertThat(created.keyUsageAsString()).isEqualTo(declared.path("KeyUsage").asText()).isEqualTo("SIGN_VERIFY");
        assertThat(created.keySpecAsString()).isEqualTo(declared.path("KeySpec").asText());
    }

    @Then("the events table has a NEW_IMAGE stream, and the relay's mapping reads it as the harness does")
    public void relayMapping() {
        assertThat(resource("EventsTable").path("StreamSpecification").path("StreamViewType").asText()).isEqualTo("NEW_IMAGE");
        assertThat(world.env.aws.dynamo().describeTable(d -> d.tableName(world.env.resources.eventsTable)).table()
                .streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_IMAGE");
        JsonNode relay = resource("HandlerFunction").path("Events").path("Relay");
        assertThat(relay.path("Type").asText()).isEqualTo("DynamoDB");
        JsonNode mapping = relay.path("Properties");
        assertThat(mapping.path("Stream").asText()).isEqualTo("EventsTable.StreamArn");
        assertThat(mapping.path("StartingPosition").asText()).isEqualTo("TRIM_HORIZON");
        assertThat(mapping.path("BatchSize").asInt()).isEqualTo(StreamEventSourceMapping.BATCH_SIZE);
        assertThat(list(mapping.path("FunctionResponseTypes"), JsonNode::asText)).containsExactly("ReportBatchItemFailures");
        assertThat(mapping.path("Enabled").asBoolean()).as("enabled under both strategies").isTrue();
        assertThat(mapping.path("BisectBatchOnFunctionError").asBoolean()).isFalse();
        // Retried until published, as the harness's mapping does: nothing is given up, so no destination.
        assertThat(mapping.path("MaximumRetryAttempts").asInt()).isEqualTo(StreamEventSourceMapping.MAXIMUM_RETRY_ATTEMPTS)
                .isEqualTo(-1);
        assertThat(mapping.path("MaximumRecordAgeInSeconds").asInt()).isEqualTo(-1);
        assertThat(mapping.has("DestinationConfig")).isFalse();
    }

    // tag::drift-environment[]
    @Then("the handler reads exactly the environment variables the template sets")
    public void environment() {
        Set<String> declared = new TreeSet<>();
        resource("HandlerFunction").path("Environment").path("Variables").fieldNames()
                .forEachRemaining(declared::add);
        Set<String> harness = new TreeSet<>(world.env.resources.lambdaEnvironmentWithoutKeys(
                world.env.backend).keySet());
        harness.removeAll(SET_BY_LAMBDA);
        assertThat(declared).isEqualTo(harness).isEqualTo(new TreeSet<>(Config.VARIABLES));
    }
    // end::drift-environment[]

    @Then("the template's handler and runtime are the Lambda's entry point and Java release")
    public void handler() {
        JsonNode function = resource("HandlerFunction");
        assertThat(function.path("Handler").asText()).isEqualTo(Handler.class.getName() + "::handleRequest");
        // Runtime is the parameter's (the YAML reader drops the !Ref and !If tags, keeping what they wrap).
        assertThat(function.path("Runtime").asText()).isEqualTo("Runtime");
        JsonNode runtime = template.path("Parameters").path("Runtime");
        assertThat(runtime.path("Default").asText()).isEqualTo("java21");
        assertThat(runtime.path("AllowedValues")).extracting(JsonNode::asText)
                .containsExactly("java21", "java25", "provided.al2023");
        assertThat(function.path("AutoPublishAlias").asText()).isNotBlank();
        // SnapStart on the managed runtimes, none on provided.al2023: [condition, then, else].
        assertThat(function.path("SnapStart").path("ApplyOn")).extracting(JsonNode::asText)
                .containsExactly("IsCustomRuntime", "None", "PublishedVersions");
        assertThat(template.path("Conditions").path("IsCustomRuntime")).extracting(JsonNode::asText)
                .containsExactly("Runtime", "provided.al2023");
    }

    private record QueuePair(String logicalId, String suffix, Resources.Queue queue) {}

    private List<QueuePair> queuePairs() {
        return List.of(new QueuePair("ProjectionQueue", "-projection", world.env.resources.projectionQueue),
                new QueuePair("ReactionQueue", "-reaction", world.env.resources.reactionQueue));
    }

    private Map<QueueAttributeName, String> attributes(String url) {
        return world.env.aws.sqs().getQueueAttributes(g -> g.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                .attributes();
    }

    private static List<String> list(JsonNode array, java.util.function.Function<JsonNode, String> item) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(item.apply(node)));
        return out;
    }
}
