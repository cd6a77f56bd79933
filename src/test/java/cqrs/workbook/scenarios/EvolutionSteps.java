package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/** Events from other versions of the code, written into the store as those versions wrote them. */
public final class EvolutionSteps {

    private final World world;

    public EvolutionSteps(World world) {
        this.world = world;
    }

    @Given("an org was registered in the first revision of OrgRegistered, "
            + "with the contact phone {string}")
    public void firstRevision(String contactPhone) {
        if (world.token == null) {
            world.signInAsSetup(World.CLIENT_PHONE);
        }
        world.orgId = UUID.randomUUID().toString();
        ObjectNode v1 = World.JSON.createObjectNode().put("id", world.orgId)
                .put("owner", World.CLIENT_PHONE)
                .put("name", "Acme Pte Ltd").put("city", "Singapore").put("country", "SG")
                .put("contactPhone", contactPhone).put("registeredAt",
                        world.env.clock.instant().toString());
        store(world.orgStream(), 1, "OrgRegistered", v1);
    }

    @Then("the relay published the org's OrgRegistered in its current revision")
    public void publishedCurrent() {
        List<Message> published = Eventually.poll("the org's OrgRegistered to be published",
                () -> world.published(0).stream().filter(m -> m.body().contains(world.orgStream())).toList(),
                messages -> !messages.isEmpty());
        JsonNode payload = World.json(published.getFirst().body()).path("payload");
        assertThat(payload.path("profile").path("name").asText()).isEqualTo("Acme Pte Ltd");
        assertThat(payload.path("profile").path("location").path("city").asText()).isEqualTo("Singapore");
        assertThat(payload.has("name")).isFalse();
        assertThat(payload.has("owner")).as("the owner stays in the store").isFalse();
    }

    @Given("a newer version stored the org's next event with a field this version does not know")
    public void unknownField() {
        world.env.awaitRelay();
        List<Map<String, AttributeValue>> stream = world.stream(world.orgStream());
        JsonNode registered = World.json(stream.getLast().get("payload").s());
        ObjectNode updated = World.JSON.createObjectNode().put("id", world.orgId)
                .put("owner", registered.path("owner").asText());
        updated.set("profile", registered.path("profile"));
        updated.put("contactPhoneChanged", false).put("contactVerified", false)
                .put("updatedAt", world.env.clock.instant().toString())
                .put("listingTier", "gold"); // what the newer version added
        store(world.orgStream(), stream.size() + 1, "OrgProfileUpdated", updated);
    }

    /** An item as a version of the handler would have put it: no publishedBy mark, so the relay publishes it. */
    private void store(String stream, long version, String type, ObjectNode payload) {
        world.env.aws.dynamo().putItem(p -> p.tableName(world.env.resources.eventsTable).item(Map.of(
                "stream", AttributeValue.fromS(stream),
                "version", AttributeValue.fromN(Long.toString(version)),
                "eventId", AttributeValue.fromS(UUID.randomUUID().toString()),
                "type", AttributeValue.fromS(type),
                "payload", AttributeValue.fromS(payload.toString()),
                "recordedAt", AttributeValue.fromS(world.env.clock.instant().toString()))));
    }
}
