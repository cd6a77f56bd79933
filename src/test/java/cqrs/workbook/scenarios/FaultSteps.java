package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.aggregate.Aggregates;
import cqrs.workbook.emulator.LambdaInvoker.Exchange;
import cqrs.workbook.projection.Views;
import io.cucumber.java.After;
import io.cucumber.java.AfterAll;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Steps of the fault matrix and of the outbox: faults to arm, the relay to stop and start,
 * and what holds afterwards, compared by event id between the store, the subscribers and
 * the views.
 */
public final class FaultSteps {

    private final World world;
    private final CommonSteps common;

    public FaultSteps(World world, CommonSteps common) {
        this.world = world;
        this.common = common;
    }

    // --- faults ---------------------------------------------------------------

    @Given("DynamoDB's answer to the next append is lost, so the SDK retries it")
    public void appendAnswerLost() {
        world.env.faults.loseNextAppendAnswer();
    }

    @Given("SNS hangs on the next {int} attempts to publish an event")
    public void snsHangs(int attempts) {
        world.env.awaitRelay();
        world.env.faults.slowPublishAttempts(attempts);
    }

    @Given("the compensating delete fails")
    public void deleteFails() {
        world.env.faults.failNextCompensatingDelete();
    }

    @Given("the process dies right after the next append")
    public void processDies() {
        world.env.faults.crashAfterNextAppend();
    }

    @Given("another writer will replace the org's name by {string} just before the next publish, which then fails")
    public void writerBeforePublish(String name) {
        world.env.awaitRelay();
        String orgId = world.orgId;
        world.env.faults.beforeNextPublishThenFail(() -> {
            Exchange competing = world.env.lambda.http("PUT", "/orgs/" + orgId,
                    World.headers("Content-Type", "application/json", "Authorization", "Bearer " + world.token),
                    OrgSteps.profile(name, "Singapore", "SG"));
            assertThat(competing.status()).as("the competing write").isEqualTo(200);
        });
    }

    @Given("the broker is down for the next {int} publishes")
    public void brokerDown(int publishes) {
        world.env.awaitRelay();
        world.env.faults.failEventPublishes(publishes);
    }

    @Given("an event that cannot be decoded is stored in another org's stream")
    public void undecodableStored() {
        world.env.awaitRelay();
        String eventId = java.util.UUID.randomUUID().toString();
        world.undecodable = Map.of("stream", "org#" + java.util.UUID.randomUUID(), "version", "1",
                "eventId", eventId);
        world.env.aws.dynamo().putItem(p -> p.tableName(world.env.resources.eventsTable).item(Map.of(
                "stream", AttributeValue.fromS(world.undecodable.get("stream")),
                "version", AttributeValue.fromN("1"),
                "eventId", AttributeValue.fromS(eventId),
                "type", AttributeValue.fromS("OrgRegistered"),
                "payload", AttributeValue.fromS("{\"id\": \"cut sh"),
                "recordedAt", AttributeValue.fromS(world.env.clock.instant().toString()))));
    }

    @Then("the relay parked the undecodable event with its stream, version and event id")
    public void parked() {
        List<software.amazon.awssdk.services.sqs.model.Message> parked =
                Eventually.poll("a parked event",
                () -> Queues.drain(world.env.aws.sqs(), world.env.resources.parkingQueueUrl),
                messages -> !messages.isEmpty());
        assertThat(parked).hasSize(1);
        JsonNode identity = World.json(parked.getFirst().body());
        assertThat(identity.path("stream").asText()).isEqualTo(world.undecodable.get("stream"));
        assertThat(identity.path("version").asText()).isEqualTo(world.undecodable.get("version"));
        assertThat(identity.path("eventId").asText()).isEqualTo(world.undecodable.get("eventId"));
        assertThat(identity.has("payload")).as("the payload stays in the store").isFalse();
        world.parkedEventIds.add(identity.path("eventId").asText());
    }

    @Given("the projection is paused")
    public void projectionPaused() {
        world.env.eventSourceMappings.getFirst().pause();
    }

    @Given("a poison message waits in the projection's queue in a group of its own")
    public void poison() {
        world.env.aws.sqs().sendMessage(m -> m.queueUrl(world.env.resources.projectionQueue.url())
                .messageBody("not an event").messageGroupId("poison").messageDeduplicationId(
                        java.util.UUID.randomUUID().toString()));
    }

    @When("the projection resumes, and receives both in one batch")
    public void projectionResumes() {
        world.env.awaitRelay(); // the org's event is in the queue too
        world.env.eventSourceMappings.getFirst().resume();
    }

    @Then("the poison message alone reaches the projection's dead-letter queue")
    public void poisonAlone() {
        List<software.amazon.awssdk.services.sqs.model.Message> parked =
                Eventually.poll("the poison in the DLQ",
                () -> Queues.drain(world.env.aws.sqs(), world.env.resources.projectionQueue.dlqUrl()),
                m -> !m.isEmpty());
        assertThat(parked).extracting(software.amazon.awssdk.services.sqs.model.Message::body)
                .containsExactly("not an event");
    }

    @Given("DynamoDB throttles the next {int} attempts to append")
    public void throttleAppends(int attempts) {
        world.env.faults.throttle(attempts, 0);
    }

    @Given("DynamoDB throttles the next {int} attempts to read the event store")
    public void throttleReads(int attempts) {
        world.env.faults.throttle(0, attempts);
    }

    @Given("the projection fails once to write the org's view of version {int}")
    public void projectionFails(int version) {
        world.env.faults.failProjectionOnce(world.orgStream(), version);
    }

    @Given("the relay will fail once to publish the org's event of version {int}")
    public void relayFails(int version) {
        world.env.faults.failPublishOf(world.orgStream(), version);
    }

    @Given("the relay is stopped")
    public void relayStopped() {
        world.env.awaitRelay();
        world.env.relay.stop();
    }

    @When("the relay is started again")
    public void relayStarted() {
        world.env.startRelay();
        world.env.awaitRelay(); // what waited is published before the scenario goes on
    }

    @Given("the org's profile was replaced by {string} in {string}, {string}, answered 503")
    public void replacedAnswered503(String name, String city, String country) {
        world.sendJson("PUT", "/orgs/" + world.orgId, OrgSteps.profile(name, city, country));
        assertThat(world.last.status()).as(world.last.body()).isEqualTo(503);
    }

    @Given("the org's profile was replaced by {string} in {string}, {string}, answered {string}")
    public void replacedAnswered(String name, String city, String country, String expected) {
        world.sendJson("PUT", "/orgs/" + world.orgId, OrgSteps.profile(name, city, country));
        assertThat(answer(world.last)).isEqualTo(expected);
    }

    @When("the strategy is switched to {word}")
    public void switchStrategy(String strategy) {
        world.env.switchTo(cqrs.workbook.command.Publishing.of(strategy));
    }

    @Then("no event was published twice")
    public void publishedOnce() {
        List<String> ids = world.published(common.publishWaitSeconds()).stream()
                .map(message -> World.json(message.body()).path("eventId").asText()).toList();
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Then("the client polls the org's view until it shows the name {string}")
    public void pollName(String name) {
        Exchange answer = Eventually.poll("the org's view to show " + name,
                () -> world.env.lambda.http("GET", "/orgs/" + world.orgId, Map.of(), null),
                a -> a.status() == 200 && a.json().path("name").asText().equals(name));
        world.last = answer;
        world.exchanges.add(answer);
    }

    // --- what holds afterwards --------------------------------------------------

    @Then("the client was answered {string}")
    public void answered(String expected) {
        assertThat(answer(world.lastCommand)).isEqualTo(expected);
    }

    @Then("the org's stream holds versions {string}")
    public void versions(String expected) {
        assertThat(storedVersions()).isEqualTo(expected);
    }

    @Then("compared by event id, the subscribers got every stored event and nothing else")
    public void everyEventOnce() {
        assertThat(subscribers()).isEqualTo("got every stored event and nothing else");
    }

    @Then("compared by event id, the subscribers got every stored event but the parked one")
    public void everyEventButParked() {
        assertThat(subscribers()).isEqualTo("got every stored event but the parked one");
    }

    @Then("compared by event id, the subscribers got an event the store does not hold")
    public void invented() {
        assertThat(subscribers()).isEqualTo("got an event the store does not hold");
    }

    @Then("compared by event id, the subscribers miss {int} stored event(s)")
    public void missing(int count) {
        assertThat(subscribers()).isEqualTo("miss " + count + " stored event" + (count == 1 ? "" : "s"));
    }

    @Then("the org's view is the fold of its stream")
    public void viewIsFold() {
        assertThat(view()).isEqualTo("is the fold of its stream");
    }

    @Then("the org's view shows an event the store does not hold")
    public void viewInvented() {
        assertThat(view()).isEqualTo("shows an event the store does not hold");
    }

    @Then("the org's view lags behind its stream")
    public void viewBehind() {
        assertThat(view()).isEqualTo("lags behind its stream");
    }

    @Then("the org's events were published in the order of their versions")
    public void inOrder() {
        List<Long> published = world.published(common.publishWaitSeconds()).stream()
                .map(message -> World.json(message.body()))
                .filter(body -> body.path("stream").asText().equals(world.orgStream()))
                .map(body -> body.path("version").asLong()).distinct().toList();
        assertThat(published).isSorted().isNotEmpty();
    }

    /** "200 v2" or "503 broker-unavailable": the status, then the version or the problem's kind. */
    static String answer(Exchange exchange) {
        if (exchange == null) {
            return "none";
        }
        JsonNode body = exchange.json();
        return exchange.status() + " " + (exchange.status() / 100 == 2
                ? "v" + body.path("version").asLong()
                : body.path("type").asText().replace("urn:cqrs-workbook:problem:", ""));
    }

    String storedVersions() {
        world.env.awaitRelay(); // under the outbox a fault may act when the relay publishes
        return world.stream(world.orgStream()).stream().map(item -> item.get("version").n())
                .collect(Collectors.joining(" "));
    }

    /** Every stored event against every published one, by event id: lost ones, invented ones. */
    String subscribers() {
        world.awaitQueuesDrained();
        Set<String> stored = storedEventIds();
        Set<String> published = world.published(common.publishWaitSeconds()).stream()
                .map(message -> World.json(message.body()).path("eventId").asText())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> invented = new LinkedHashSet<>(published);
        invented.removeAll(stored);
        Set<String> lost = new LinkedHashSet<>(stored);
        lost.removeAll(published);
        if (!invented.isEmpty()) {
            return "got an event the store does not hold";
        }
        boolean parkedLeftOut = lost.removeAll(world.parkedEventIds);
        if (!lost.isEmpty()) {
            return "miss " + lost.size() + " stored event" + (lost.size() == 1 ? "" : "s");
        }
        return parkedLeftOut ? "got every stored event but the parked one"
                : "got every stored event and nothing else";
    }

    /** The org's view against the fold of its stream, as the projection would fold it from scratch. */
    String view() {
        world.awaitQueuesDrained();
        Map<String, AttributeValue> item = world.env.aws.dynamo().getItem(g ->
                g.tableName(world.env.resources.viewsTable)
                .key(Map.of("id", AttributeValue.fromS(world.orgStream()))).consistentRead(true))
                        .item();
        List<Map<String, AttributeValue>> stream = world.stream(world.orgStream());
        if (item == null || item.isEmpty()) {
            return stream.isEmpty() ? "is the fold of its stream" : "lags behind its stream";
        }
        Set<String> storedIds = stream.stream().map(e -> e.get("eventId").s())
                .collect(Collectors.toSet());
        if (!storedIds.contains(item.get("eventId").s())) {
            return "shows an event the store does not hold";
        }
        ObjectNode fold = null;
        for (Map<String, AttributeValue> event : stream) {
            fold = Views.org(fold, world.orgId, Aggregates.ORG.codec().fromStoredJson(
                    event.get("type").s(), event.get("payload").s()));
        }
        long last = Long.parseLong(stream.getLast().get("version").n());
        fold.put("version", last);
        if (Long.parseLong(item.get("version").n()) < last) {
            return "lags behind its stream";
        }
        return World.json(item.get("document").s()).equals(World.json(fold.toString()))
                ? "is the fold of its stream" : "differs from the fold of its stream";
    }

    /** The stored events of the scenario's own streams: the client's sign-in is set aside, as its messages are. */
    Set<String> storedEventIds() {
        return world.env.aws.dynamo().scanPaginator(s -> s.tableName(world.env.resources.eventsTable).consistentRead(true))
                .items().stream().filter(item -> !world.signedInStreams.contains(item.get("stream").s()))
                .map(item -> item.get("eventId").s()).collect(Collectors.toSet());
    }

    // --- the generated table ------------------------------------------------------

    @After(value = "@fault-matrix", order = 20_000)
    public void recordRow(Scenario scenario) {
        String name = scenario.getName();
        String fault = name.contains(" (") ? name.substring(0, name.lastIndexOf(" (")) : name;
        // The strategy the scenario began under, which a switch within it does not change.
        String strategy = scenario.getSourceTagNames().contains("@outbox") ? "outbox"
                : scenario.getSourceTagNames().contains("@compensation") ? "compensation"
                : world.env.publishing().value();
        FaultMatrix.record(fault, strategy, world.firstAttempt == null
                        ? answer(world.lastCommand) : answer(world.firstAttempt) + ", retried: " + answer(world.lastCommand),
                "v" + String.join(", v", Arrays.asList(storedVersions().split(" "))),
                subscribers(), view(), scenario.getSourceTagNames().contains("@known-limitation"));
    }

    @AfterAll
    public static void writeMatrix() {
        FaultMatrix.write();
    }
}
