package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import cqrs.workbook.emulator.LambdaInvoker.Exchange;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.Map;

/** Retrying commands: Idempotency-Key, and the faults that leave an append's outcome unknown. */
public final class RetrySteps {

    private static final String PROFILE = OrgSteps.profile("Acme Pte Ltd", "Singapore", "SG");

    private final World world;
    private Exchange first;

    public RetrySteps(World world) {
        this.world = world;
    }

    @Given("the client has signed in")
    public void signedIn() {
        world.signInAsSetupStep(World.CLIENT_PHONE);
    }

    @Given("DynamoDB writes the next append, but every answer to it is lost")
    public void appendOutcomeLost() {
        world.env.awaitRelay();
        world.env.faults.loseAppendOutcome(false);
    }

    @Given("DynamoDB writes the next append, but every answer to it is lost, and the read after it fails")
    public void appendOutcomeUnknown() {
        world.env.awaitRelay();
        world.env.faults.loseAppendOutcome(true);
    }

    @When("a client registers the org with the Idempotency-Key {string}")
    @Given("a client registered the org with the Idempotency-Key {string}")
    public void registerWithKey(String key) {
        first = register(key, PROFILE);
    }

    @When("the client sends the same registration again with the Idempotency-Key {string}")
    public void registerAgain(String key) {
        register(key, PROFILE);
    }

    @When("the client registers another org with the Idempotency-Key {string}")
    public void registerAnother(String key) {
        register(key, OrgSteps.profile("Beta Pte Ltd", "Singapore", "SG"));
    }

    private Exchange register(String key, String profile) {
        Exchange answer = world.send("POST", "/orgs",
                Map.of("Content-Type", "application/json", "Idempotency-Key", key), profile);
        if (answer.status() == 201) {
            world.orgId = answer.json().path("id").asText();
        }
        return answer;
    }

    @When("a code is requested for {string} with the Idempotency-Key {string}")
    public void codeWithKey(String phone, String key) {
        Exchange answer = world.send("POST", "/otp", Map.of("Content-Type", "application/json",
                "Idempotency-Key", key), "{\"phone\": \"" + phone + "\"}");
        if (first == null) {
            first = answer;
        }
    }

    @Then("both answers are 201 with the same body and Location")
    public void sameAnswer() {
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(world.last.status()).isEqualTo(201);
        assertThat(world.last.json()).isEqualTo(first.json());
        assertThat(world.last.header("Location")).isEqualTo(first.header("Location"));
    }

    @When("the org's profile is replaced by {string} in {string}, {string}, "
            + "with {int} seconds of the invocation left")
    public void replacedNearDeadline(String name, String city, String country, int seconds) {
        var lambda = world.lambda;
        world.lambda = lambda.withRemainingTime(seconds * 1_000);
        try {
            world.sendJson("PUT", "/orgs/" + world.orgId, OrgSteps.profile(name, city, country));
        } finally {
            world.lambda = lambda;
        }
    }

    @Then("the event store holds {int} org(s)")
    public void orgs(int count) {
        assertThat(world.storedEvents().stream().filter(e -> e.startsWith("org#")).count()).isEqualTo(count);
    }

    @Then("the sign-in stream of {string} holds {int} code(s)")
    public void signInCodes(String phone, int count) {
        assertThat(world.stream("otp#" + phone).stream()
                .filter(item -> item.get("type").s().equals("OtpIssued")).count()).isEqualTo(count);
    }

    @Then("the first attempt was answered {string}")
    public void firstAnswered(String expected) {
        assertThat(FaultSteps.answer(first)).isEqualTo(expected);
        assertThat(first.header("Retry-After")).isNotBlank();
        world.firstAttempt = first;
    }
}
