package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import cqrs.workbook.emulator.SmsMessage;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.List;

/** Steps of the event handler's features: what follows from an event, on another aggregate. */
public final class ReactionSteps {

    private final World world;
    private final OrgSteps org;
    private final OtpSteps otp;
    private final QuerySteps query;

    public ReactionSteps(World world, OrgSteps org, OtpSteps otp, QuerySteps query) {
        this.world = world;
        this.org = org;
        this.otp = otp;
        this.query = query;
    }

    static String profile(String phone) {
        return "{\"name\": \"Acme Pte Ltd\", \"location\": {\"city\": \"Singapore\", \"country\": \"SG\"}, "
                + "\"contactPhone\": \"" + phone + "\"}";
    }

    @Then("{string} receives an SMS with a code")
    @Given("{string} received an SMS with a code")
    public void receivesSms(String phone) {
        List<SmsMessage> received = Eventually.poll("an SMS to " + phone,
                () -> world.env.backend.smsSentTo(phone), messages -> !messages.isEmpty());
        assertThat(received.getLast().message()).containsPattern("\\b[0-9]{6}\\b");
    }

    @Given("a client registered the org with the contact phone {string}")
    public void registeredWithPhone(String phone) {
        org.registers(profile(phone));
        assertThat(world.last.status()).isEqualTo(201);
    }

    @Given("an org whose contact phone {string} is verified")
    public void verifiedContact(String phone) {
        registeredWithPhone(phone);
        receivesSms(phone);
        otp.verified(phone);
        query.pollVerified();
    }

    @When("the org's contact phone is replaced by {string}")
    public void replacePhone(String phone) {
        world.sendJson("PUT", "/orgs/" + world.orgId, profile(phone));
    }

    @Given("the org's contact phone was replaced by {string}")
    public void replacedPhone(String phone) {
        replacePhone(phone);
        assertThat(world.last.status()).isEqualTo(200);
        receivesSms(phone);
    }

    @Given("{string} was sent a new code and verified it")
    public void newCodeVerified(String phone) {
        otp.codeWasSent(phone);
        otp.verified(phone);
    }
}
