package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import cqrs.workbook.emulator.LambdaInvoker.Exchange;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.And;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Steps of the org features. */
public final class OrgSteps {

    private final World world;
    private final CommonSteps common;

    public OrgSteps(World world, CommonSteps common) {
        this.world = world;
        this.common = common;
    }

    static String profile(String name, String city, String country) {
        return World.JSON.createObjectNode().put("name", name)
                .set("location", World.JSON.createObjectNode().put("city", city).put("country", country))
                .toString();
    }

    @When("a client registers the org")
    public void registers(String profileJson) {
        Exchange answer = world.sendJson("POST", "/orgs", profileJson);
        if (answer.status() == 201) {
            world.orgId = answer.json().path("id").asText();
        }
    }

    /** The name is written with {@code \\uXXXX} escapes, so that an invisible character can be read in the feature. */
    @When("a client registers an org named {string}")
    public void registersNamed(String escaped) {
        java.util.regex.Matcher escape = java.util.regex.Pattern.compile("\\\\u([0-9a-fA-F]{4})").matcher(escaped);
        StringBuilder name = new StringBuilder();
        while (escape.find()) {
            escape.appendReplacement(name, java.util.regex.Matcher.quoteReplacement(
                    String.valueOf((char) Integer.parseInt(escape.group(1), 16))));
        }
        escape.appendTail(name);
        registers(profile(name.toString(), "Singapore", "SG"));
    }

    @Given("an org registered as {string} in {string}, {string}")
    public void registered(String name, String city, String country) {
        registers(profile(name, city, country));
        assertThat(world.last.status()).as(world.last.body()).isEqualTo(201);
    }

    @When("the org's profile is replaced by {string} in {string}, {string}")
    public Exchange replace(String name, String city, String country) {
        return world.sendJson("PUT", "/orgs/" + world.orgId, profile(name, city, country));
    }

    @Given("the org's profile was replaced by {string} in {string}, {string}")
    public void replaced(String name, String city, String country) {
        assertThat(replace(name, city, country).status()).isEqualTo(200);
    }

    @When("the org's profile is replaced by {string} in {string}, {string} if it is at version {int}")
    public void replaceIfMatch(String name, String city, String country, int version) {
        world.send("PUT", "/orgs/" + world.orgId,
                World.headers("Content-Type", "application/json", "If-Match", "\"" + version + "\""),
                profile(name, city, country));
    }

    @When("the profile of org {string} is replaced by {string} in {string}, {string}")
    public void replaceOther(String id, String name, String city, String country) {
        world.sendJson("PUT", "/orgs/" + id, profile(name, city, country));
    }

    @When("the profile of org {string} is replaced by {string} in {string}, {string} if it is at version {int}")
    public void replaceOtherIfMatch(String id, String name, String city, String country, int version) {
        world.send("PUT", "/orgs/" + id,
                World.headers("Content-Type", "application/json", "If-Match", "\"" + version + "\""),
                profile(name, city, country));
    }

    @Then("the answer's Location is the org's URL")
    public void location() {
        assertThat(world.orgId).isNotBlank();
        assertThat(world.last.header("Location")).isEqualTo("/orgs/" + world.orgId);
    }

    @Then("the org's stream holds")
    public void orgStreamHolds(DataTable table) {
        CommonSteps.assertStream(world.stream(world.orgStream()), table);
    }

    @Then("the org's stream has {int} event(s)")
    public void orgStreamSize(int events) {
        assertThat(world.stream(world.orgStream())).hasSize(events);
    }

    @Then("the org's stored profile has the name {string}")
    public void storedName(String name) {
        JsonNode latest = World.json(world.stream(world.orgStream()).getLast().get("payload").s());
        assertThat(latest.path("profile").path("name").asText()).isEqualTo(name);
    }

    @Then("no stored profile of the org has the name {string}")
    public void noStoredName(String name) {
        assertThat(world.stream(world.orgStream()))
                .map(item -> World.json(item.get("payload").s()).path("profile").path("name").asText())
                .doesNotContain(name);
    }

    @Then("an OrgRegistered event was published for the org")
    public void registeredPublished() {
        // Only the org's own stream: with a contact phone, the event handler's OtpIssued may be
        // published too before the tap is read, depending on how fast the reaction runs.
        var messages = world.published(common.publishWaitSeconds()).stream()
                .filter(m -> World.json(m.body()).path("stream").asText().equals(world.orgStream())).toList();
        assertThat(messages).hasSize(1);
        JsonNode body = World.json(messages.getFirst().body());
        assertThat(body.path("type").asText()).isEqualTo("OrgRegistered");
        assertThat(body.path("stream").asText()).isEqualTo(world.orgStream());
        assertThat(body.path("payload").path("profile").path("name").asText()).isNotBlank();
        assertThat(messages.getFirst().attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .isEqualTo(world.orgStream());
    }

    @And("nothing more was published for the org")
    public void publishedMatchesStore() {
        List<Long> published = world.published(common.publishWaitSeconds()).stream()
                .map(message -> World.json(message.body()))
                .filter(body -> body.path("stream").asText().equals(world.orgStream()))
                .map(body -> body.path("version").asLong()).toList();
        List<Long> stored = world.stream(world.orgStream()).stream()
                .map(item -> Long.parseLong(item.get("version").n())).toList();
        assertThat(published).isEqualTo(stored);
    }

    @Then("the org's event of version {int} was published all the same")
    public void publishedAllTheSame(int version) {
        assertThat(world.published(common.publishWaitSeconds()).stream()
                .map(message -> World.json(message.body()))
                .filter(body -> body.path("stream").asText().equals(world.orgStream()))
                .map(body -> body.path("version").asInt()))
                .contains(version);
    }

    @Then("the org's view shows the name {string}, which no stored event holds")
    public void viewAheadOfStore(String name) {
        assertThat(world.last.json().path("name").asText()).isEqualTo(name);
        noStoredName(name);
    }
}
