package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import cqrs.workbook.aggregate.Aggregates;
import cqrs.workbook.emulator.LambdaInvoker;
import cqrs.workbook.emulator.Resources;
import cqrs.workbook.lambda.Application;
import cqrs.workbook.lambda.Config;
import cqrs.workbook.lambda.Handler;
import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Steps about the OTP keys: the parameter that holds them, and their rotation. */
public final class SecretSteps {

    private final World world;
    private boolean rotated;

    public SecretSteps(World world) {
        this.world = world;
    }

    @Given("the stored code of {string} was hashed with key {string}")
    @Then("the stored code of {string} is hashed with key {string}")
    public void hashedWith(String phone, String keyId) {
        JsonNode payload = World.json(world.stream(Aggregates.OTP.stream(phone)).getLast().get("payload").s());
        assertThat(payload.path("codeHash").path("keyId").asText()).isEqualTo(keyId);
    }

    @When("the OTP keys are rotated: key {string} becomes current and key {string} is kept")
    public void rotate(String newKey, String oldKey) {
        assertThat(oldKey).isEqualTo(Resources.OTP_KEY_ID);
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        world.env.resources.putOtpKeys(newKey, Map.of(oldKey, world.env.otpKey, newKey, secret));
        rotated = true;
    }

    /** The keys are read once, at init: a rotation reaches the instances started after it. */
    @When("a new instance of the function starts and reads the keys")
    public void newInstance() {
        Map<String, String> environment = world.env.resources.lambdaEnvironmentWithoutKeys(
                world.env.backend);
        world.lambda = new LambdaInvoker(new Handler(Application.create(Config.from(environment),
                world.env.clock, List.of(world.env.faults, world.env.calls))));
    }

    /** The run's other scenarios hash with the harness's one key again. */
    @After("@otp-key-rotation")
    public void restoreKeys() {
        if (rotated) {
            world.env.resources.putOtpKeys(Resources.OTP_KEY_ID, Map.of(Resources.OTP_KEY_ID, world.env.otpKey));
        }
    }
}
