package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.And;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Steps about answers, streams, the broker and time, shared by every feature. */
public final class CommonSteps {

    private static final Pattern REPEAT = Pattern.compile("\\{\\{(.)\\*([0-9]+)}}");

    private final World world;

    public CommonSteps(World world) {
        this.world = world;
    }

    @When("a client sends {word} {word} with the body {}")
    public void sendsWithBody(String method, String path, String body) {
        world.sendJson(method, path, expand(body));
    }

    @When("a client sends {word} {word} as {string} with the body {}")
    public void sendsAs(String method, String path, String contentType, String body) {
        world.send(method, path, World.headers("Content-Type", contentType), body);
    }

    @When("a client sends {word} {word}")
    public void sends(String method, String path) {
        world.send(method, path, Map.of(), null);
    }

    @When("a client sends {word} {word} with a body of {int} bytes")
    public void sendsOversized(String method, String path, int bytes) {
        String filler = "x".repeat(bytes - "{\"name\":\"\"}".length());
        world.sendJson(method, path, "{\"name\":\"" + filler + "\"}");
    }

    @Then("the answer is {int} with version {int}")
    public void answerWithVersion(int status, int version) {
        assertThat(world.last.status()).as(world.last.body()).isEqualTo(status);
        assertThat(world.last.header("Content-Type")).startsWith("application/json");
        assertThat(world.last.json().path("version").asInt()).isEqualTo(version);
    }

    @Then("the answer is a {int} problem {string}")
    public JsonNode problem(int status, String kind) {
        assertThat(world.last.status()).as(world.last.body()).isEqualTo(status);
        assertThat(world.last.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = world.last.json();
        assertThat(problem.path("type").asText()).isEqualTo("urn:cqrs-workbook:problem:" + kind);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        return problem;
    }

    @Then("the answer is a 400 problem {string} naming the fields {string}")
    public void invalidFields(String kind, String fields) {
        JsonNode problem = problem(400, kind);
        List<String> named = StreamSupport.stream(problem.path("errors").spliterator(), false)
                .peek(error -> assertThat(error.path("message").asText()).isNotBlank())
                .map(error -> error.path("field").asText()).toList();
        assertThat(named).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(fields.split(",")).map(String::strip).toList());
    }

    @And("the problem says of {string} that it {string}")
    public void problemSays(String field, String words) {
        assertThat(StreamSupport.stream(world.last.json().path("errors").spliterator(), false)
                .filter(error -> error.path("field").asText().equals(field))
                .map(error -> error.path("message").asText()))
                .singleElement().asString().contains(words);
    }

    @And("the problem says {int} attempts are left")
    public void attemptsLeft(int attempts) {
        assertThat(world.last.json().path("attemptsLeft").asInt(-1)).isEqualTo(attempts);
    }

    @And("the problem names version {int}, the version the attempt wrote")
    public void problemVersion(int version) {
        assertThat(world.last.json().path("version").asInt(-1)).isEqualTo(version);
        assertThat(world.last.header("ETag")).isEqualTo("\"" + version + "\"");
    }

    @And("the answer says to retry after at most {int} seconds")
    public void retryAfter(int seconds) {
        long retryAfter = Long.parseLong(world.last.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, (long) seconds);
        assertThat(world.last.json().path("retryAfter").asLong()).isEqualTo(retryAfter);
    }

    /** Exactly: on a scenario's own clock, the answer names when the oldest code in the window leaves it. */
    @And("the answer says to retry after {int} seconds")
    public void retryAfterExactly(int seconds) {
        long retryAfter = Long.parseLong(world.last.header("Retry-After"));
        assertThat(retryAfter).isEqualTo(seconds);
        assertThat(world.last.json().path("retryAfter").asLong()).isEqualTo(retryAfter);
    }

    @And("the answer's Allow header lists {string}")
    public void allow(String methods) {
        assertThat(world.last.status()).isEqualTo(405);
        assertThat(world.last.header("Allow")).isEqualTo(methods);
    }

    @And("the event store is unchanged")
    public void eventStoreUnchanged() {
        assertThat(world.storedEvents()).isEqualTo(world.storeBeforeLastCommand);
    }

    @And("nothing was published")
    public void nothingPublished() {
        assertThat(world.published(publishWaitSeconds())).isEmpty();
    }

    @Given("{int} minutes pass")
    public void minutesPass(int minutes) {
        world.env.clock.advance(Duration.ofMinutes(minutes));
    }

    @Given("the broker fails to publish the next event")
    public void brokerFails() {
        world.env.awaitRelay(); // under the outbox, the next publish is the next command's
        world.env.faults.failEventPublishes(1);
    }

    @Given("the broker's answer to the next publish is lost")
    public void answerLost() {
        world.env.awaitRelay();
        world.env.faults.loseNextPublishAnswer();
    }

    @Then("the stream {string} holds")
    public void streamHolds(String stream, DataTable table) {
        assertStream(world.stream(stream), table);
    }

    @Then("the stream {string} has {int} event(s)")
    public void streamSize(String stream, int events) {
        assertThat(world.stream(stream)).hasSize(events);
    }

    @Then("to decide, the handler read {int} of the {int} events in the stream")
    public void readOnly(int read, int before) {
        // An org update reads the stream twice, the same way: once to check who may change the
        // org, before its body is read, and once to decide.
        int queries = world.env.calls.queries();
        assertThat(queries).isBetween(1, 2);
        assertThat(world.env.calls.itemsQueried()).isEqualTo(read * queries);
        long version = world.last.json().path("version").asLong();
        assertThat(version).isEqualTo(before + 1L);
    }

    static void assertStream(List<Map<String, AttributeValue>> items, DataTable table) {
        List<List<String>> actual = items.stream()
                .map(item -> List.of(item.get("version").n(), item.get("type").s())).toList();
        List<List<String>> expected = table.asMaps().stream()
                .map(row -> List.of(row.get("version"), row.get("type"))).toList();
        assertThat(actual).isEqualTo(expected);
    }

    int publishWaitSeconds() {
        // moto delivers SNS to SQS inside Publish; other backends deliver a moment later.
        return world.env.backend.name().equals("moto") ? 0 : 3;
    }

    /** {@code {{a*101}}} in a table cell stands for 101 letters a. */
    static String expand(String text) {
        Matcher matcher = REPEAT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(
                    matcher.group(1).repeat(Integer.parseInt(matcher.group(2)))));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
