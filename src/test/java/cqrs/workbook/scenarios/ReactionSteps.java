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
    private final CommonSteps common;

    public ReactionSteps(World world, OrgSteps org, OtpSteps otp, QuerySteps query, CommonSteps common) {
        this.world = world;
        this.org = org;
        this.otp = otp;
        this.query = query;
        this.common = common;
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
        ownerVerifies(phone);
        assertThat(world.last.status()).as(world.last.body()).isEqualTo(200);
        query.pollVerified();
    }

    @Then("{string} receives a contact code that names {string}")
    @Given("{string} received a contact code that names {string}")
    public void receivesContactCode(String phone, String name) {
        List<SmsMessage> received = Eventually.poll("a contact code to " + phone,
                () -> world.env.backend.smsSentTo(phone), messages -> messages.stream().anyMatch(m -> isContactText(m)));
        assertThat(received.getLast().message()).matches("\"" + java.util.regex.Pattern.quote(name)
                + "\" asks to list this number as its contact\\. Its code is [0-9]{6} and expires in 5 minutes\\."
                + " Ignore this text if you did not expect it\\.");
    }

    private static boolean isContactText(SmsMessage message) {
        return message.message().contains("asks to list this number as its contact");
    }

    @When("the org's owner verifies the contact with the code from the SMS of {string}")
    public void ownerVerifies(String phone) {
        ownerVerifiesWith(otp.codes(phone).getLast());
    }

    @When("the org's owner verifies the contact with the sign-in code of {string}")
    public void ownerVerifiesWithSignInCode(String phone) {
        ownerVerifiesWith(otp.signInCodes(phone).getLast());
    }

    void ownerVerifiesWith(String code) {
        world.sendJson("POST", "/orgs/" + world.orgId + "/contact/verify", "{\"code\": \"" + code
                + "\"}");
    }

    @When("the org's owner asks for a new contact code")
    public void ownerAsksNewCode() {
        world.send("POST", "/orgs/" + world.orgId + "/contact/code", java.util.Map.of(), "");
    }

    @Given("the org's owner asked for a new contact code")
    public void ownerAskedNewCode() {
        ownerAsksNewCode();
        assertThat(world.last.status()).as(world.last.body()).isEqualTo(201);
    }

    @Given("SNS refuses the next text")
    public void snsRefusesText() {
        world.env.faults.failNextText();
    }

    @When("the org's owner verifies the contact with the first contact code of {string}")
    public void ownerVerifiesFirst(String phone) {
        ownerVerifiesWith(otp.codes(phone).getFirst());
    }

    @When("the org's owner verifies the contact with the code {string}")
    public void ownerVerifiesCode(String code) {
        ownerVerifiesWith(code);
    }

    @When("the org's owner reads the org's view")
    public void ownerReads() {
        world.exchange("GET", "/orgs/" + world.orgId, java.util.Map.of("Authorization", "Bearer " + world.token), null);
    }

    @When("another signed-in phone reads the org's view")
    public void strangerReads() {
        String owner = world.token;
        String stranger = world.signInAsSetup("+6590000299");
        world.token = owner;
        world.exchange("GET", "/orgs/" + world.orgId, java.util.Map.of("Authorization", "Bearer " + stranger), null);
    }

    @Then("the org's view shows no contact phone, and an unverified contact")
    public void noContactPhone() {
        assertThat(world.last.status()).isEqualTo(200);
        assertThat(world.last.json().has("contactPhone")).as(world.last.body()).isFalse();
        assertThat(world.last.json().path("contactVerified").asBoolean()).isFalse();
    }

    @Then("the org's view shows the contact phone {string}, verified")
    public void verifiedPhone(String phone) {
        assertThat(world.last.json().path("contactPhone").asText()).isEqualTo(phone);
        assertThat(world.last.json().path("contactVerified").asBoolean()).isTrue();
    }

    @Then("the answer is 200 and says the contact {string} is verified")
    public void contactVerifiedAnswer(String phone) {
        assertThat(world.last.status()).as(world.last.body()).isEqualTo(200);
        assertThat(world.last.json().path("id").asText()).isEqualTo(world.orgId);
        assertThat(world.last.json().path("contactPhone").asText()).isEqualTo(phone);
        assertThat(world.last.json().path("verified").asBoolean()).isTrue();
        assertThat(world.last.json().has("token")).as("a contact code signs nobody in").isFalse();
    }

    @Then("the answer is 201 with the org's id and an expiry 5 minutes ahead")
    public void newCodeAnswer() {
        assertThat(world.last.status()).as(world.last.body()).isEqualTo(201);
        assertThat(world.last.json().path("id").asText()).isEqualTo(world.orgId);
        assertThat(java.time.Duration.between(world.env.clock.instant(),
                java.time.Instant.parse(world.last.json().path("expiresAt").asText()))).isBetween(java.time.Duration.ofMinutes(5).minusSeconds(30), java.time.Duration.ofMinutes(5));
        assertThat(world.last.json().properties()).hasSize(2);
    }

    @Then("the org's contact codes of {string} hold")
    public void contactStreamHolds(String phone, io.cucumber.datatable.DataTable table) {
        common.streamHolds(contactStream(phone), table);
    }

    @Then("the org's contact codes of {string} are {int} event(s)")
    public void contactStreamHas(String phone, int count) {
        assertThat(world.stream(contactStream(phone))).hasSize(count);
    }

    String contactStream(String phone) {
        return "otp#" + phone + "/contact/" + world.orgId;
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

    @When("a client registers an org as {string} with the contact phone {string}")
    public void registersNamed(String name, String phone) {
        org.registers("{\"name\": \"" + name + "\", \"location\": {\"city\": \"Singapore\", \"country\": \"SG\"}, "
                + "\"contactPhone\": \"" + phone + "\"}");
        assertThat(world.last.status()).as(world.last.body()).isEqualTo(201);
    }
}
