package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import cqrs.workbook.emulator.LambdaInvoker.Exchange;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.List;
import java.util.Map;

/** Steps of the HTTP details: stage paths, If-Match, repeated headers, text fields. */
public final class HttpDetailSteps {

    private static final Map<String, List<String>> JSON_BODY = Map.of("Content-Type", List.of("application/json"));

    private final World world;

    public HttpDetailSteps(World world) {
        this.world = world;
    }

    @When("a client registers an org through the stage {string}")
    public void registerThroughStage(String stage) {
        Exchange answer = world.send("POST", "/orgs", JSON_BODY,
                OrgSteps.profile("Staged Pte Ltd", "Singapore", "SG"), stage);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        world.orgId = answer.json().path("id").asText();
    }

    @Then("the answer's Location is {string} and the org's id")
    public void locationWithStage(String prefix) {
        assertThat(world.last.header("Location")).isEqualTo(prefix + world.orgId);
    }

    @Then("following the Location through the stage {string} answers the org's view")
    public void followLocation(String stage) {
        String location = world.last.header("Location");
        assertThat(location).startsWith(stage + "/");
        String path = location.substring(stage.length());
        Exchange view = Eventually.poll(location + " to answer the view",
                () -> world.lambda.http("GET", path, Map.of(), null, stage), answer -> answer.status() == 200);
        world.exchanges.add(view);
        assertThat(view.json().path("id").asText()).isEqualTo(world.orgId);
    }

    @When("the org's profile is replaced by {string} in {string}, {string} with the If-Match header {}")
    public void replaceWithIfMatch(String name, String city, String country, String header) {
        String value = header.equals("(empty)") ? "" : header;
        world.send("PUT", "/orgs/" + world.orgId,
                Map.of("Content-Type", List.of("application/json"), "If-Match", List.of(value)),
                OrgSteps.profile(name, city, country), "");
    }

    @When("a client registers an org named {string} typed with a combining accent")
    public void registerDecomposed(String name) {
        String decomposed = name.replace("é", "e\u0301");
        assertThat(decomposed).isNotEqualTo(name);
        Exchange answer = world.sendJson("POST", "/orgs", OrgSteps.profile(decomposed, "Singapore", "SG"));
        if (answer.status() == 201) {
            world.orgId = answer.json().path("id").asText();
        }
    }

    @Then("the org's stored name is {string} with the accent composed")
    public void storedComposed(String name) {
        JsonNode payload = World.json(world.stream(world.orgStream()).getLast().get("payload").s());
        String stored = payload.path("profile").path("name").asText();
        assertThat(stored).isEqualTo(name).contains("\u00e9").doesNotContain("\u0301");
    }

    @When("a client registers an org whose name holds the character U+{word}")
    public void registerWithCharacter(String hex) {
        String name = "Acme" + Character.toString(Integer.parseInt(hex, 16)) + "Ltd";
        world.sendJson("POST", "/orgs", OrgSteps.profile(name, "Singapore", "SG"));
    }

    @When("the client reads the org's view sending If-None-Match twice, {string} then {string}")
    public void readWithRepeatedIfNoneMatch(String first, String second) {
        world.send("GET", "/orgs/" + world.orgId,
                Map.of("If-None-Match", List.of("\"" + first + "\"", "\"" + second + "\"")), null, "");
    }
}
