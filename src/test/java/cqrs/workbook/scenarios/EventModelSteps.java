package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.List;

/**
 * The event model's scenario: the harness records every invocation of the handler while it
 * runs ({@link Timeline}), attaches the record, and checks it against the story.
 */
public final class EventModelSteps {

    private final World world;

    public EventModelSteps(World world) {
        this.world = world;
    }

    @Before("@event-model")
    public void record() {
        world.env.timeline.start();
    }

    @After("@event-model")
    public void attachTimeline(Scenario scenario) {
        world.awaitQueuesDrained();
        world.env.timeline.stop();
        scenario.attach(world.env.timeline.json(), "application/json", Timeline.ATTACHMENT);
    }

    @When("the org's owner replaces its profile, if it is at version {int}, by")
    public void replaceIfMatch(int version, String profileJson) {
        world.send("PUT", "/orgs/" + world.orgId,
                World.headers("Content-Type", "application/json", "If-Match", "\"" + version + "\""), profileJson);
    }

    /** Each command, over HTTP or from the event handler, with the events it stored: in the order they ran. */
    @Then("the timeline holds these commands, in this order, with the events they stored")
    public void commandsInOrder(DataTable expected) {
        world.awaitQueuesDrained();
        List<List<String>> actual = new ArrayList<>();
        for (JsonNode invocation : world.env.timeline.tree()) {
            String role = invocation.path("role").asText();
            List<String> stored = written(invocation, "event").stream().map(e -> e.path("type").asText()).toList();
            if (role.equals("command")) {
                actual.add(List.of(invocation.path("route").asText(), String.join(", ", stored)));
            } else if (role.equals("event handler") && !stored.isEmpty()) {
                actual.add(List.of("event handler, on " + types(invocation), String.join(", ", stored)));
            }
        }
        assertThat(actual).isEqualTo(expected.cells().subList(1, expected.cells().size()));
    }

    /** The outbox at work: the relay publishes what was stored, and the projection turns it into views. */
    @Then("the relay published every stored event, and the projection wrote a view for each")
    public void publishedAndProjected() {
        world.awaitQueuesDrained();
        List<String> stored = new ArrayList<>();
        List<String> published = new ArrayList<>();
        List<String> projected = new ArrayList<>();
        for (JsonNode invocation : world.env.timeline.tree()) {
            written(invocation, "event").forEach(e -> stored.add(key(e)));
            String role = invocation.path("role").asText();
            if (role.equals("relay")) {
                written(invocation, "published").forEach(e -> published.add(key(e)));
            } else if (role.equals("projection") && !written(invocation, "view").isEmpty()) {
                invocation.path("on").forEach(e -> projected.add(key(e)));
            }
        }
        assertThat(stored).isNotEmpty();
        assertThat(published).as("published by the relay").containsExactlyInAnyOrderElementsOf(stored);
        assertThat(projected).as("events whose projection wrote views").containsAll(stored);
    }

    /** CQRS, as the invocations show it: commands decide on streams, and views are the projection's alone. */
    @Then("no command read a view, and only the projection wrote one")
    public void viewsAreTheProjections() {
        world.awaitQueuesDrained();
        for (JsonNode invocation : world.env.timeline.tree()) {
            String role = invocation.path("role").asText();
            if (role.equals("command") || role.equals("event handler")) {
                assertThat(written(invocation, "read")).as(role + " " + invocation + " read a view").isEmpty();
            }
            if (!role.equals("projection")) {
                assertThat(written(invocation, "view")).as(role + " " + invocation + " wrote a view").isEmpty();
            }
        }
    }

    private static List<JsonNode> written(JsonNode invocation, String kind) {
        List<JsonNode> found = new ArrayList<>();
        invocation.path("did").forEach(w -> {
            if (w.path("kind").asText().equals(kind)) {
                found.add(w);
            }
        });
        return found;
    }

    private static String types(JsonNode invocation) {
        List<String> types = new ArrayList<>();
        invocation.path("on").forEach(e -> types.add(e.path("type").asText()));
        return String.join(", ", types);
    }

    private static String key(JsonNode event) {
        return event.path("stream").asText() + " v" + event.path("version").asText();
    }
}
