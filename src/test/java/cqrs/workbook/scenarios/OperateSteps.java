package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import cqrs.workbook.aggregate.Aggregates;
import cqrs.workbook.eventstore.StoredEvent;
import cqrs.workbook.operate.Operate;
import cqrs.workbook.operate.OperatorEnvironment;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The operator tools, called as make calls them, against the scenarios' own resources. */
public final class OperateSteps {

    private final World world;

    public OperateSteps(World world) {
        this.world = world;
    }

    /** The tools as make runs them, with the names make run writes to target/run/env. */
    private Operate operate() {
        return new Operate(new OperatorEnvironment(world.env.resources.operatorEnvironment(
                world.env.backend)), System.out);
    }

    @When("every item of the views table is deleted")
    public void wipeViews() {
        world.awaitQueuesDrained();
        var dynamo = world.env.aws.dynamo();
        dynamo.scanPaginator(s -> s.tableName(world.env.resources.viewsTable)).items().forEach(item ->
                dynamo.deleteItem(d -> d.tableName(world.env.resources.viewsTable)
                        .key(Map.of("id", item.get("id")))));
        assertThat(dynamo.scan(s -> s.tableName(world.env.resources.viewsTable)).count()).isZero();
    }

    @When("the operator rebuilds the views")
    public void rebuild() {
        assertThat(operate().rebuildViews(null)).isPositive();
    }

    @When("the operator republishes the org's stream")
    public void republish() {
        world.published(0); // what was published before is set aside, as the broker's window has passed
        world.published.clear();
        assertThat(operate().republish(world.orgStream(), 1))
                .isEqualTo(world.stream(world.orgStream()).size());
    }

    @When("the operator redrives the dead-letter queues")
    public void redrive() {
        assertThat(operate().redrive()).isPositive();
    }

    @Then("the client reads the org's view and it is not found")
    public void notFound() {
        world.send("GET", "/orgs/" + world.orgId, Map.of(), null);
        assertThat(world.last.status()).isEqualTo(404);
    }

    @Then("the org's history lists version 1 {string} changing {string} and version 2 {string} changing {string}")
    public void history(String firstType, String firstFields, String secondType, String secondFields) {
        world.send("GET", "/orgs/" + world.orgId + "/history", Map.of(), null);
        assertThat(world.last.status()).isEqualTo(200);
        assertThat(world.last.header("ETag")).isEqualTo("\"2\"");
        JsonNode history = world.last.json();
        assertThat(history.path("id").asText()).isEqualTo(world.orgId);
        assertThat(history.path("version").asLong()).isEqualTo(2);
        JsonNode changes = history.path("changes");
        assertThat(changes).hasSize(2);
        assertThat(change(changes.get(0))).isEqualTo("1 " + firstType + " " + firstFields);
        assertThat(change(changes.get(1))).isEqualTo("2 " + secondType + " " + secondFields);
        assertThat(world.last.body()).as("names, never values").doesNotContain("+659").doesNotContain("Pte");
    }

    private static String change(JsonNode change) {
        List<String> fields = new ArrayList<>();
        change.path("fields").forEach(f -> fields.add(f.asText()));
        Instant.parse(change.path("at").asText());
        return change.path("version").asLong() + " " + change.path("type").asText() + " " + String.join(" ", fields);
    }

    @Then("the subscribers received the org's stored events again, with their own event ids")
    public void receivedAgain() {
        List<String> stored = world.stream(world.orgStream()).stream().map(item -> item.get("eventId").s()).toList();
        List<String> published = Eventually.poll("the republished events", () -> world.published(0).stream()
                        .map(message -> World.json(message.body()))
                        .filter(body -> body.path("stream").asText().equals(world.orgStream()))
                        .map(body -> body.path("eventId").asText()).toList(),
                ids -> ids.size() >= stored.size());
        assertThat(published).containsExactlyElementsOf(stored);
    }

    @Given("the org's event of version {int} waits in the projection's dead-letter queue")
    public void deadLettered(int version) {
        Map<String, AttributeValue> item = world.stream(world.orgStream()).get(version - 1);
        StoredEvent stored = new StoredEvent(world.orgStream(), version, item.get("eventId").s(), item.get("type").s(),
                item.get("payload").s(), Instant.parse(item.get("recordedAt").s()));
        world.env.aws.sqs().sendMessage(s -> s.queueUrl(world.env.resources.projectionQueue.dlqUrl())
                .messageBody(Aggregates.publicForm(stored).toJson()).messageGroupId(world.orgStream())
                .messageDeduplicationId(UUID.randomUUID().toString()));
    }

    @Then("the projection's dead-letter queue is empty")
    public void dlqEmpty() {
        assertThat(Queues.depth(world.env.aws.sqs(), world.env.resources.projectionQueue.dlqUrl())).isZero();
    }
}
