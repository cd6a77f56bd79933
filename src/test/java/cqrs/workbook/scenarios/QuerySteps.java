package cqrs.workbook.scenarios;

import cqrs.workbook.aggregate.Aggregates;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import cqrs.workbook.emulator.LambdaInvoker.Exchange;
import cqrs.workbook.eventstore.StoredEvent;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/** Steps of the query features: views, polling, the projection's queues. */
public final class QuerySteps {

    private final World world;
    private final List<Exchange> polled = new ArrayList<>();

    public QuerySteps(World world) {
        this.world = world;
    }

    @When("the client polls the org's view until it shows version {int}")
    @Given("the client polled the org's view until it showed version {int}")
    public void pollOrgView(int version) {
        pollUntil("/orgs/" + world.orgId, answer -> answer.status() == 200
                && answer.json().path("version").asLong() >= version);
    }

    void pollUntil(String path, java.util.function.Predicate<Exchange> shows) {
        Exchange answer = Eventually.poll(path + " to show what was written",
                () -> world.http("GET", path, Map.of(), null), shows);
        ProjectionLag.record((System.nanoTime() - world.lastCommandAnsweredNanos) / 1_000_000);
        world.last = answer;
    }

    @When("the client polls the view of the latest code of {string} until it shows version {int}")
    @Given("the client polled the view of the latest code of {string} until it showed version {int}")
    public void pollOtpView(String phone, int version) {
        pollUntil(otpPath(latestOtpId(phone)),
                answer -> answer.status() == 200 && answer.json().path("version").asLong() >= version);
    }

    @When("the client polls the view of the first code of {string} until it shows version {int}")
    public void pollFirstOtpView(String phone, int version) {
        pollUntil(otpPath(world.otpIds.get(phone).getFirst()),
                answer -> answer.status() == 200 && answer.json().path("version").asLong() >= version);
    }

    @Then("the client polls the org's view until it shows a verified contact")
    public void pollVerified() {
        pollUntil("/orgs/" + world.orgId, answer -> answer.status() == 200
                && answer.json().path("contactVerified").asBoolean());
    }

    @When("the client reads the view of the latest code of {string}")
    public void readOtpView(String phone) {
        world.send("GET", otpPath(latestOtpId(phone)), Map.of(), null);
    }

    @Then("the org's view shows the name {string}, the city {string} and an unverified contact")
    public void orgViewUnverified(String name, String city) {
        orgView(name, city, false);
    }

    @Then("the org's view shows the name {string}, the city {string} and a verified contact")
    public void orgViewVerified(String name, String city) {
        orgView(name, city, true);
    }

    private void orgView(String name, String city, boolean verified) {
        assertThat(world.last.status()).isEqualTo(200);
        JsonNode view = world.last.json();
        assertThat(view.path("id").asText()).isEqualTo(world.orgId);
        assertThat(view.path("name").asText()).isEqualTo(name);
        assertThat(view.path("location").path("city").asText()).isEqualTo(city);
        assertThat(view.path("contactVerified").asBoolean()).isEqualTo(verified);
        assertThat(world.last.header("ETag")).isEqualTo("\"" + view.path("version").asLong() + "\"");
    }

    @Then("the org's view shows the contact phone {string}, unverified")
    public void contactPhone(String phone) {
        assertThat(world.last.json().path("contactPhone").asText()).isEqualTo(phone);
        assertThat(world.last.json().path("contactVerified").asBoolean()).isFalse();
    }

    @Then("the code's view shows the status {string} with {int} attempts left")
    public void otpView(String status, int attemptsLeft) {
        assertThat(world.last.status()).isEqualTo(200);
        JsonNode view = world.last.json();
        assertThat(view.path("status").asText()).isEqualTo(status);
        assertThat(view.path("attemptsLeft").asInt()).isEqualTo(attemptsLeft);
        assertThat(world.last.path()).endsWith("/" + view.path("otpId").asText());
        assertThat(Instant.parse(view.path("expiresAt").asText())).isNotNull();
        // No phone: a code's view tells nothing about a phone to anyone.
        assertThat(view.properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("otpId", "status", "attemptsLeft", "expiresAt", "version");
    }

    @Then("no answer since the code was sent names {string}")
    public void noAnswerNames(String phone) {
        List<Exchange> all = List.copyOf(world.exchanges);
        int sent = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).method().equals("POST") && all.get(i).path().equals("/otp")) {
                sent = i;
            }
        }
        assertThat(all.subList(sent + 1, all.size())).isNotEmpty()
                .allSatisfy(e -> assertThat(e.body() + e.headers()).doesNotContain(phone));
    }

    @Then("the answer's ETag is {string}")
    public void etag(String etag) {
        assertThat(world.last.header("ETag")).isEqualTo(etag);
    }

    @Then("no view holds the code or its hash")
    public void noSecretInViews() {
        List<String> secrets = new ArrayList<>();
        world.stream("otp#+6591234567").stream().map(item -> World.json(item.get("payload").s()))
                .filter(payload -> payload.has("codeHash"))
                .forEach(payload -> secrets.add(payload.path("codeHash").path("hmac").asText()));
        world.env.backend.smsSentTo("+6591234567").forEach(sms -> secrets.add(sms.message().replaceAll("\\D", "")
                .substring(0, 6)));
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(2);
        world.env.aws.dynamo().scanPaginator(s -> s.tableName(world.env.resources.viewsTable)).items()
                .forEach(item -> secrets.forEach(secret -> assertThat(item.toString()).doesNotContain(secret)));
    }

    @When("the org's event of version {int} is delivered to the projection again")
    public void redeliverToProjection(int version) {
        redeliver(world.env.resources.projectionQueue.url(), world.orgStream(), version);
    }

    @When("the org's event of version {int} is delivered to the event handler again")
    public void redeliverToReactions(int version) {
        redeliver(world.env.resources.reactionQueue.url(), world.orgStream(), version);
    }

    /** Sends a stored event to a consumer's queue once more, as an at-least-once broker may. */
    void redeliver(String queueUrl, String stream, int version) {
        Map<String, AttributeValue> item = world.stream(stream).get(version - 1);
        StoredEvent stored = new StoredEvent(stream, version, item.get("eventId").s(),
                item.get("type").s(), item.get("payload").s(),
                Instant.parse(item.get("recordedAt").s()));
        world.env.aws.sqs().sendMessage(s -> s.queueUrl(queueUrl)
                .messageBody(Aggregates.publicForm(stored).toJson())
                .messageGroupId(stream)
                .messageDeduplicationId(UUID.randomUUID().toString()));
    }

    @Then("the projection's queue is empty again")
    public void projectionQueueEmpty() {
        Eventually.poll("the projection's queue to be empty",
                () -> Queues.depth(world.env.aws.sqs(), world.env.resources.projectionQueue.url()), d -> d == 0);
    }

    @Then("the event handler's queue is empty again")
    public void reactionQueueEmpty() {
        Eventually.poll("the event handler's queue to be empty",
                () -> Queues.depth(world.env.aws.sqs(), world.env.resources.reactionQueue.url()), d -> d == 0);
    }

    @Then("the org's view shows version {int} with the name {string}")
    public void orgViewVersion(int version, String name) {
        world.send("GET", "/orgs/" + world.orgId, Map.of(), null);
        assertThat(world.last.json().path("version").asLong()).isEqualTo(version);
        assertThat(world.last.json().path("name").asText()).isEqualTo(name);
    }

    @Given("the projection's view of the org is deleted")
    public void deleteView() {
        world.env.aws.dynamo().deleteItem(d -> d.tableName(world.env.resources.viewsTable)
                .key(Map.of("id", AttributeValue.fromS(world.orgStream()))));
    }

    @Given("a message that is not an event was published in the group {string}")
    public void poison(String group) {
        world.env.aws.sns().publish(p -> p.topicArn(world.env.resources.topicArn)
                .message("this is not an event")
                .messageGroupId(group)
                .messageDeduplicationId(UUID.randomUUID().toString()));
    }

    @Then("the message that is not an event reaches the projection's dead-letter queue")
    public void poisonInProjectionDlq() {
        awaitDeadLetter(world.env.resources.projectionQueue.dlqUrl());
    }

    @Then("the message that is not an event reaches the event handler's dead-letter queue")
    public void poisonInReactionDlq() {
        awaitDeadLetter(world.env.resources.reactionQueue.dlqUrl());
    }

    private void awaitDeadLetter(String dlqUrl) {
        List<Message> parked = Eventually.poll("the message in " + dlqUrl,
                () -> Queues.drain(world.env.aws.sqs(), dlqUrl), messages -> !messages.isEmpty());
        assertThat(parked).extracting(Message::body).containsExactly("this is not an event");
    }

    @When("the client reads the view of the latest code of {string} with the ETag it has")
    public void readOtpWithEtag(String phone) {
        world.send("GET", otpPath(latestOtpId(phone)), Map.of("If-None-Match", world.last.header("ETag")), null);
    }

    @When("the client reads the org's view with the ETag it has")
    public void readWithEtag() {
        String etag = world.last.header("ETag");
        world.send("GET", "/orgs/" + world.orgId, Map.of("If-None-Match", etag), null);
    }

    @Then("the answer is 304 with no body")
    public void notModified() {
        assertThat(world.last.status()).isEqualTo(304);
        assertThat(world.last.body()).isEmpty();
        assertThat(world.last.header("ETag")).isNotBlank();
    }

    @When("the client polls the org's view with the ETag it has until the answer is 200")
    public void pollWithEtag() {
        String etag = polledEtag();
        polled.clear();
        Exchange answer = Eventually.poll("a 200 for /orgs/" + world.orgId, () -> {
            Exchange a = world.http("GET", "/orgs/" + world.orgId, Map.of("If-None-Match", etag), null);
            polled.add(a);
            return a;
        }, a -> a.status() != 304);
        ProjectionLag.record((System.nanoTime() - world.lastCommandAnsweredNanos) / 1_000_000);
        world.last = answer;
    }

    @Then("every earlier answer while polling was a 304 for the ETag it had")
    public void earlierWere304() {
        String had = polled.getFirst().requestHeaders().get("If-None-Match");
        assertThat(polled.subList(0, polled.size() - 1)).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(304);
            assertThat(answer.header("ETag")).isEqualTo(had);
            assertThat(answer.body()).isEmpty();
        });
        assertThat(world.last.header("ETag")).isNotEqualTo(had);
    }

    private String polledEtag() {
        for (int i = world.exchanges.size() - 1; i >= 0; i--) {
            Exchange e = world.exchanges.get(i);
            if (e.method().equals("GET") && e.header("ETag") != null) {
                return e.header("ETag");
            }
        }
        throw new AssertionError("no view was read before");
    }

    private String latestOtpId(String phone) {
        return world.otpIds.get(phone).getLast();
    }

    static String otpPath(String otpId) {
        return "/otp/" + otpId;
    }
}
