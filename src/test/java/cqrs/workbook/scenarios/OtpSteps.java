package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import cqrs.workbook.emulator.LambdaInvoker.Exchange;
import cqrs.workbook.emulator.Resources;
import cqrs.workbook.emulator.SmsMessage;
import io.cucumber.java.en.And;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Steps of the OTP features. A phone's code is read from the SMS it received, like a person would. */
public final class OtpSteps {

    private static final Pattern SIX_DIGITS = Pattern.compile("\\b([0-9]{6})\\b");
    /** A sign-in text, as distinct from a contact code's. */
    private static final Pattern SIGN_IN_TEXT = Pattern.compile("Your sign-in code is ([0-9]{6})\\..*");

    private final World world;
    private final CommonSteps common;

    public OtpSteps(World world, CommonSteps common) {
        this.world = world;
        this.common = common;
    }

    @When("a code is requested for {string}")
    public Exchange requestCode(String phone) {
        return world.sendJson("POST", "/otp", "{\"phone\": \"" + phone + "\"}");
    }

    @Given("a code was sent to {string}")
    @Given("a second code was sent to {string}")
    public void codeWasSent(String phone) {
        int received = world.env.backend.smsSentTo(phone).size();
        assertThat(requestCode(phone).status()).isEqualTo(201);
        assertThat(world.env.backend.smsSentTo(phone)).hasSize(received + 1);
    }

    @When("{string} verifies with the code from its SMS")
    public Exchange verifyWithLatestCode(String phone) {
        return verify(phone, codes(phone).getLast());
    }

    @Given("{int} codes were requested for {string}")
    public void codesRequested(int count, String phone) {
        for (int i = 0; i < count; i++) {
            assertThat(requestCode(phone).status()).isEqualTo(201);
        }
    }

    @Given("the scenario's clock reads 0:00")
    public void clockAtZero() {
        world.env.clock.startScenarioTime();
    }

    /** Codes at the instants named, each on the scenario's clock, for example "0:00, 4:00 and 8:00". */
    @Given("codes were requested for {string} at {clockTimes}")
    public void codesRequestedAt(String phone, List<Duration> instants) {
        for (Duration at : instants) {
            world.env.clock.advanceTo(at);
            assertThat(requestCode(phone).status()).as("a code at " + at).isEqualTo(201);
        }
    }

    @When("at {clockTime} a code is requested for {string}")
    public void requestCodeAt(Duration at, String phone) {
        world.env.clock.advanceTo(at);
        requestCode(phone);
    }

    /** An instant on the scenario's clock, minutes and seconds since its 0:00: "10:01". */
    @io.cucumber.java.ParameterType("[0-9]+:[0-5][0-9]")
    public Duration clockTime(String text) {
        String[] parts = text.split(":");
        return Duration.ofMinutes(Long.parseLong(parts[0])).plusSeconds(Long.parseLong(parts[1]));
    }

    @io.cucumber.java.ParameterType("[0-9]+:[0-5][0-9](?:(?:, | and )[0-9]+:[0-5][0-9])*")
    public List<Duration> clockTimes(String text) {
        return Arrays.stream(text.split(", | and ")).map(this::clockTime).toList();
    }

    @Given("{string} verified with the code from its SMS")
    public void verified(String phone) {
        assertThat(verifyWithLatestCode(phone).status()).isEqualTo(200);
    }

    @When("{string} verifies with the first code it received, under its otpId")
    public void verifyWithFirstCode(String phone) {
        verify(phone, otpIds(phone).getFirst(), codes(phone).getFirst());
    }

    @When("{string} verifies with the first code it received, under the otpId of the second")
    public void verifyFirstCodeUnderSecondOtpId(String phone) {
        verify(phone, otpIds(phone).get(1), codes(phone).getFirst());
    }

    @When("{string} verifies with the code from its SMS under the otpId of {string}")
    public void verifyUnderForeignOtpId(String phone, String other) {
        verify(phone, otpIds(other).getLast(), codes(phone).getLast());
    }

    @When("{string} is verified {int} times with a wrong code under an otpId of someone else's own")
    public void wrongUnderMadeUpOtpId(String phone, int times) {
        for (int i = 0; i < times; i++) {
            verify(phone, java.util.UUID.randomUUID().toString(), wrong(codes(phone).getLast()));
        }
    }

    @When("{string} is verified with the code from its SMS under an otpId of someone else's own")
    public void rightUnderMadeUpOtpId(String phone) {
        verify(phone, java.util.UUID.randomUUID().toString(), codes(phone).getLast());
    }

    @Given("{string} asked for a code to sign in")
    public void askedToSignIn(String phone) {
        codeWasSent(phone);
    }

    @When("{string} signs in with the code of the newest text it received")
    public void signInWithNewestText(String phone) {
        verify(phone, otpIds(phone).getLast(), codes(phone).getLast());
    }

    @When("{string} signs in with its sign-in code")
    public void signInWithSignInCode(String phone) {
        verify(phone, otpIds(phone).getLast(), signInCodes(phone).getLast());
    }

    @Then("the SMS of {string} says it is a sign-in code")
    public void textSaysSignIn(String phone) {
        assertThat(world.env.backend.smsSentTo(phone).getLast().message()).matches(SIGN_IN_TEXT);
    }

    @When("{string} verifies with a wrong code")
    public void verifyWithWrongCode(String phone) {
        verify(phone, wrong(codes(phone).getLast()));
    }

    @When("{string} verifies with the code {string}")
    public void verifyWith(String phone, String code) {
        verify(phone, code);
    }

    @Given("{string} typed a wrong code {int} time(s)")
    public void typedWrongCode(String phone, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(verify(phone, wrong(codes(phone).getLast())).status()).isIn(422, 423);
        }
    }

    @Then("the answer has an otpId and an expiry 5 minutes ahead")
    public void otpIdAndExpiry() {
        JsonNode answer = world.last.json();
        assertThat(answer.path("otpId").asText()).isNotBlank();
        assertThat(answer.path("phone").asText()).startsWith("+");
        Instant expiresAt = Instant.parse(answer.path("expiresAt").asText());
        assertThat(Duration.between(world.env.clock.instant(), expiresAt))
                .isBetween(Duration.ofMinutes(5).minusSeconds(30), Duration.ofMinutes(5));
        assertThat(world.last.header("ETag")).isEqualTo("\"" + answer.path("version").asLong() + "\"");
    }

    @Then("the answer says verified")
    public void answerSaysVerified() {
        assertThat(world.last.json().path("verified").asBoolean()).isTrue();
    }

    @Then("{string} received {int} SMS with a 6-digit code")
    public void receivedSmsWithCode(String phone, int count) {
        assertThat(codes(phone)).hasSize(count).allMatch(code -> code.matches("[0-9]{6}"));
    }

    @Then("{string} received {int} SMS")
    public void receivedSms(String phone, int count) {
        assertThat(world.env.backend.smsSentTo(phone)).hasSize(count);
    }

    @Then("the stored OtpIssued holds a hash of the code, not the code")
    public void storedHashNotCode() {
        String phone = world.last.json().path("phone").asText();
        String code = codes(phone).getLast();
        JsonNode payload = World.json(world.stream("otp#" + phone).getFirst().get("payload").s());
        assertThat(payload.path("codeHash").path("hmac").asText()).isEqualTo(hmac(phone, code));
        assertThat(payload.path("codeHash").path("keyId").asText()).isEqualTo(Resources.OTP_KEY_ID);
        assertThat(tokens(payload.toString())).doesNotContain(code);
    }

    @Then("an OtpIssued event was published in group {string}, deduplicated by its stored event id")
    public void publishedInGroup(String group) {
        List<Message> messages = world.published(common.publishWaitSeconds());
        assertThat(messages).hasSize(1);
        Message message = messages.getFirst();
        assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo(group);
        assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                .isEqualTo(world.stream(group).getFirst().get("eventId").s());
        JsonNode body = World.json(message.body());
        assertThat(body.path("type").asText()).isEqualTo("OtpIssued");
        assertThat(body.path("stream").asText()).isEqualTo(group);
        assertThat(body.path("version").asLong()).isEqualTo(1);
    }

    @Then("no published message and no answer holds the code or its hash")
    public void noSecretsOutside() {
        String phone = world.last.json().path("phone").asText();
        String code = codes(phone).getLast();
        String hash = hmac(phone, code);
        List<String> outside = new java.util.ArrayList<>();
        world.published(common.publishWaitSeconds()).forEach(message -> outside.add(message.body()));
        world.exchanges.forEach(exchange -> outside.add(exchange.body() + " " + exchange.headers()));
        assertThat(outside).isNotEmpty().allSatisfy(text -> {
            assertThat(tokens(text)).doesNotContain(code);
            assertThat(text).doesNotContain(hash).doesNotContain("codeHash");
        });
    }

    /** Verifies under the otpId this phone was answered last, or under a made-up one if it never asked. */
    private Exchange verify(String phone, String code) {
        List<String> asked = otpIds(phone);
        return verify(phone, asked.isEmpty() ? java.util.UUID.randomUUID().toString() : asked.getLast(), code);
    }

    private Exchange verify(String phone, String otpId, String code) {
        return world.sendJson("POST", "/otp/verify", "{\"phone\": \"" + phone + "\", \"otpId\": \"" + otpId
                + "\", \"code\": \"" + code + "\"}");
    }

    List<String> otpIds(String phone) {
        return List.copyOf(world.otpIds.getOrDefault(phone, List.of()));
    }

    /** The codes of the sign-in texts this phone received, oldest first. */
    List<String> signInCodes(String phone) {
        return world.env.backend.smsSentTo(phone).stream().map(SmsMessage::message)
                .map(SIGN_IN_TEXT::matcher).filter(Matcher::matches).map(m -> m.group(1)).toList();
    }

    /** The codes in the SMS this phone received, oldest first. */
    List<String> codes(String phone) {
        return world.env.backend.smsSentTo(phone).stream().map(SmsMessage::message).map(text -> {
            Matcher matcher = SIX_DIGITS.matcher(text);
            assertThat(matcher.find()).as("a 6-digit code in: " + text).isTrue();
            return matcher.group(1);
        }).toList();
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private static List<String> tokens(String text) {
        return Arrays.asList(text.split("[^0-9A-Za-z]+"));
    }

    private String hmac(String phone, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(world.env.otpKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((phone + ":" + code).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
