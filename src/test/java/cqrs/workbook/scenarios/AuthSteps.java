package cqrs.workbook.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import cqrs.workbook.emulator.LambdaInvoker.Exchange;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Steps of signing in and of owners: tokens are got by signing in, and forged by the harness. */
public final class AuthSteps {

    private static final String UNKNOWN_ORG = "3f1c2d4e-0000-4000-8000-000000000000";

    private final World world;
    private final OrgSteps org;
    private final ReactionSteps reaction;
    private final Map<String, String> tokens = new HashMap<>();

    public AuthSteps(World world, OrgSteps org, ReactionSteps reaction) {
        this.world = world;
        this.org = org;
        this.reaction = reaction;
    }

    @Given("{string} signed in")
    public void signedIn(String phone) {
        tokens.put(phone, world.signInAsSetupStep(phone));
    }

    /** Signing in is what the scenario is about here: its exchanges are the scenario's own. */
    @When("{string} signs in with a code of its own")
    public void signsIn(String phone) {
        tokens.put(phone, world.signIn(phone));
    }

    @Given("{string} signed in and registered an org as {string} in {string}, {string}")
    public void signedInAndRegistered(String phone, String name, String city, String country) {
        signedIn(phone);
        org.registered(name, city, country);
    }

    @Given("{string} signed in and registered an org as {string} with the contact phone {string}")
    public void signedInAndRegisteredNamed(String phone, String name, String contactPhone) {
        signedIn(phone);
        reaction.registersNamed(name, contactPhone);
    }

    @Given("{string} signed in and registered an org with the contact phone {string}")
    public void signedInAndRegisteredWithContact(String phone, String contactPhone) {
        signedIn(phone);
        reaction.registeredWithPhone(contactPhone);
    }

    @When("a client that has not signed in registers an org")
    public void registersWithoutToken() {
        world.exchange("POST", "/orgs", Map.of("Content-Type", "application/json"),
                OrgSteps.profile("Acme Pte Ltd", "Singapore", "SG"));
    }

    @When("{string} registers an org with a malformed token")
    public void malformed(String phone) {
        registerWith("not-a-jwt");
    }

    @When("{string} registers an org with its token, after {int} minutes")
    public void expired(String phone, int minutes) {
        world.env.clock.advance(Duration.ofMinutes(minutes));
        registerWith(tokens.get(phone));
    }

    /** The payload is changed and the signature kept: it no longer signs what it is sent with. */
    @When("{string} registers an org with its token, its subject changed to {string}")
    public void tampered(String phone, String otherPhone) throws Exception {
        SignedJWT real = SignedJWT.parse(tokens.get(phone));
        JWTClaimsSet forged = new JWTClaimsSet.Builder(real.getJWTClaimsSet()).subject(otherPhone).build();
        registerWith(real.getHeader().toBase64URL() + "." + Base64URL.encode(forged.toString()) + "."
                + real.getSignature());
    }

    /** Same header (its kid included) and claims as a real token, signed by a P-256 key the harness made. */
    @When("{string} registers an org with a token signed with a key of its own")
    public void wronglySigned(String phone) throws Exception {
        SignedJWT real = SignedJWT.parse(tokens.get(phone));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        SignedJWT forged = new SignedJWT(real.getHeader(), real.getJWTClaimsSet());
        forged.sign(new ECDSASigner((ECPrivateKey) generator.generateKeyPair().getPrivate()));
        registerWith(forged.serialize());
    }

    /**
     * Signed by the service's own KMS key, as a real token is, with one thing changed: the
     * check that refuses it is the one about that thing, not the signature's.
     */
    private String signedByTheService(JWSHeader header, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new cqrs.workbook.auth.KmsSigningKey(world.env.aws.kms(), world.env.resources.tokenKeyId));
        return jwt.serialize();
    }

    private JWTClaimsSet.Builder claimsOfTheToken(String phone) throws Exception {
        return new JWTClaimsSet.Builder(SignedJWT.parse(tokens.get(phone)).getJWTClaimsSet());
    }

    @When("{string} registers an org with a token of the service's key for the audience {string}")
    public void otherAudience(String phone, String audience) throws Exception {
        SignedJWT real = SignedJWT.parse(tokens.get(phone));
        registerWith(signedByTheService(real.getHeader(), claimsOfTheToken(phone).audience(audience).build()));
    }

    @When("{string} registers an org with a token of the service's key without an audience")
    public void noAudience(String phone) throws Exception {
        SignedJWT real = SignedJWT.parse(tokens.get(phone));
        registerWith(signedByTheService(real.getHeader(), claimsOfTheToken(phone).audience((String) null).build()));
    }

    @When("{string} registers an org with a token of the service's key whose header has no typ")
    public void noTyp(String phone) throws Exception {
        SignedJWT real = SignedJWT.parse(tokens.get(phone));
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(real.getHeader().getKeyID()).build();
        registerWith(signedByTheService(header, real.getJWTClaimsSet()));
    }

    @When("{string} registers an org with a token of the service's key that lives {int} minutes")
    public void longLived(String phone, int minutes) throws Exception {
        SignedJWT real = SignedJWT.parse(tokens.get(phone));
        Instant issued = real.getJWTClaimsSet().getIssueTime().toInstant();
        registerWith(signedByTheService(real.getHeader(), claimsOfTheToken(phone)
                .expirationTime(java.util.Date.from(issued.plus(Duration.ofMinutes(minutes)))).build()));
    }

    /** ECDSA's other valid form of the same signature: (R, n - S) verifies as (R, S) does. */
    @When("{string} registers an org with its token, its signature's S replaced by n - S")
    public void highS(String phone) throws Exception {
        SignedJWT real = SignedJWT.parse(tokens.get(phone));
        byte[] signature = real.getSignature().decode();
        java.math.BigInteger n = new java.math.BigInteger(
                "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
        java.math.BigInteger s = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64));
        byte[] flipped = n.subtract(s).toByteArray();
        byte[] other = java.util.Arrays.copyOf(signature, 64);
        java.util.Arrays.fill(other, 32, 64, (byte) 0);
        System.arraycopy(flipped, Math.max(0, flipped.length - 32), other, 64 - Math.min(32, flipped.length),
                Math.min(32, flipped.length));
        // The published key verifies it all the same: only the canonical-form check refuses it.
        JWK key = jwks().getKeyByKeyId(real.getHeader().getKeyID());
        SignedJWT twin = new SignedJWT(real.getHeader().toBase64URL(), real.getPayload().toBase64URL(), Base64URL.encode(other));
        assertThat(twin.verify(new ECDSAVerifier(key.toECKey()))).as("n - S verifies").isTrue();
        registerWith(twin.serialize());
    }

    @When("{string} registers an org with its token, a byte appended to its signature")
    public void byteAppended(String phone) throws Exception {
        SignedJWT real = SignedJWT.parse(tokens.get(phone));
        byte[] longer = java.util.Arrays.copyOf(real.getSignature().decode(), 65);
        registerWith(real.getHeader().toBase64URL() + "." + real.getPayload().toBase64URL() + "." + Base64URL.encode(longer));
    }

    @When("{string} registers an org with its token, its signature padded with {string}")
    public void padded(String phone, String padding) {
        registerWith(tokens.get(phone) + padding);
    }

    /** 64 bytes take 86 characters, whose last 4 bits are unused: set, they decode to the same bytes. */
    @When("{string} registers an org with its token, the unused bits of its signature's last character set")
    public void trailingBits(String phone) {
        String token = tokens.get(phone);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(token.charAt(token.length() - 1));
        registerWith(token.substring(0, token.length() - 1) + alphabet.charAt(last | 0x0F));
    }

    @Then("the problem's detail says {string}")
    public void detailSays(String detail) {
        assertThat(world.last.json().path("detail").asText()).startsWith(detail);
    }

    @Given("{int} phones signed in")
    public void phonesSignedIn(int count) {
        for (int i = 1; i <= count; i++) {
            tokens.put("#" + i, world.signInAsSetupStep(String.format("+65900003%02d", i)));
        }
    }

    @Then("every token's signature has S in the lower half of the curve order")
    public void lowS() throws Exception {
        java.math.BigInteger half = new java.math.BigInteger(
                "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16).shiftRight(1);
        assertThat(tokens.keySet().stream().filter(k -> k.contains("#"))).hasSize(12);
        for (String key : tokens.keySet().stream().filter(k -> k.contains("#")).toList()) {
            byte[] signature = SignedJWT.parse(tokens.get(key)).getSignature().decode();
            assertThat(signature).hasSize(64);
            assertThat(new java.math.BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64))).isLessThanOrEqualTo(half);
        }
    }

    @Then("the token says typ JWT and names this API as its audience")
    public void typAndAudience() throws Exception {
        SignedJWT token = SignedJWT.parse(world.last.json().path("token").asText());
        assertThat(token.getHeader().getType()).isEqualTo(com.nimbusds.jose.JOSEObjectType.JWT);
        assertThat(token.getJWTClaimsSet().getAudience()).containsExactly(world.env.resources.tokenIssuer);
    }

    /** {@code "alg": "none"}: the claims of a real token, with no signature at all. */
    @When("{string} registers an org with an unsigned token \\(\"alg\": \"none\"\\)")
    public void unsigned(String phone) throws Exception {
        registerWith(new PlainJWT(SignedJWT.parse(tokens.get(phone)).getJWTClaimsSet()).serialize());
    }

    @When("{string} replaces the org's profile by {string} in {string}, {string}")
    public void replaces(String phone, String name, String city, String country) {
        sendAs(phone, "PUT", "/orgs/" + world.orgId, Map.of(), OrgSteps.profile(name, city, country));
    }

    @When("{string} replaces the profile of org {string} by {string} in {string}, {string}")
    public void replacesOther(String phone, String id, String name, String city, String country) {
        sendAs(phone, "PUT", "/orgs/" + id, Map.of(), OrgSteps.profile(name, city, country));
    }

    @Then("the answer is a 401 problem {string} with the challenge {string}")
    public void unauthorized(String kind, String challenge) {
        assertThat(world.last.status()).as(world.last.body()).isEqualTo(401);
        assertThat(world.last.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(world.last.json().path("type").asText()).isEqualTo("urn:cqrs-workbook:problem:" + kind);
        assertThat(world.last.header("WWW-Authenticate")).isEqualTo(challenge);
    }

    @Then("the answer holds an ES256 token for {string} that expires within the hour")
    public void answerHoldsToken(String phone) throws Exception {
        JsonNode answer = world.last.json();
        SignedJWT token = SignedJWT.parse(answer.path("token").asText());
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(token.getHeader().getKeyID()).isNotBlank();
        assertThat(claims.getSubject()).isEqualTo(phone);
        assertThat(claims.getIssuer()).isEqualTo(world.env.resources.tokenIssuer);
        assertThat(claims.getJWTID()).isNotBlank();
        Instant issuedAt = claims.getIssueTime().toInstant();
        Instant expiresAt = claims.getExpirationTime().toInstant();
        assertThat(Duration.between(issuedAt, expiresAt)).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
        assertThat(Instant.parse(answer.path("tokenExpiresAt").asText())).isEqualTo(expiresAt);
        tokens.put(phone, token.serialize());
    }

    @Then("the token's signature verifies with the key published at \\/.well-known\\/jwks.json")
    public void verifiesWithJwks() throws Exception {
        SignedJWT token = SignedJWT.parse(world.last.json().path("token").asText());
        JWKSet published = jwks();
        JWK key = published.getKeyByKeyId(token.getHeader().getKeyID());
        assertThat(key).as("a published key with the token's kid").isNotNull();
        assertThat(token.verify(new ECDSAVerifier(key.toECKey()))).isTrue();
    }

    @Then("the published key has no private part")
    public void noPrivatePart() throws Exception {
        JWKSet published = jwks();
        assertThat(published.getKeys()).hasSize(1).allSatisfy(key -> {
            assertThat(key.isPrivate()).isFalse();
            assertThat(key).isInstanceOf(ECKey.class);
        });
        assertThat(world.last.body()).doesNotContain("\"d\"");
    }

    @Then("the stored OrgRegistered names {string} as the owner")
    public void storedOwner(String phone) {
        JsonNode stored = World.json(world.stream(world.orgStream()).getFirst().get("payload").s());
        assertThat(stored.path("owner").asText()).isEqualTo(phone);
    }

    @Then("no published event and no view names the owner")
    public void ownerNowhereOutside() {
        String owner = World.json(world.stream(world.orgStream()).getFirst().get("payload").s()).path("owner").asText();
        world.awaitQueuesDrained();
        world.published(0).forEach(message -> assertThat(message.body()).doesNotContain(owner).doesNotContain("owner"));
        Exchange view = world.exchange("GET", "/orgs/" + world.orgId, Map.of(), null);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.body()).doesNotContain(owner).doesNotContain("owner");
    }

    @Then("these updates are answered in this order")
    public void answeredInOrder(DataTable table) {
        for (Map<String, String> row : table.asMaps()) {
            String id = row.get("org").equals("the org") ? world.orgId : UNKNOWN_ORG;
            String body = row.get("profile").equals("valid")
                    ? OrgSteps.profile("Acme Two", "Singapore", "SG")
                    : OrgSteps.profile(" ", "Singapore", "SG");
            Map<String, String> headers = Map.of("If-Match", row.get("If-Match"));
            Exchange answer = row.get("token of").equals("nobody")
                    ? world.exchange("PUT", "/orgs/" + id, withJson(headers), body)
                    : sendAs(row.get("token of"), "PUT", "/orgs/" + id, headers, body);
            String[] expected = row.get("answer").split(" ");
            assertThat(answer.status()).as(row + " -> " + answer.body()).isEqualTo(Integer.parseInt(expected[0]));
            if (expected.length > 1) {
                assertThat(answer.json().path("type").asText()).isEqualTo("urn:cqrs-workbook:problem:" + expected[1]);
            }
        }
    }

    @Then("these contact requests are answered so")
    public void contactRequests(DataTable table) {
        for (Map<String, String> row : table.asMaps()) {
            String id = row.get("org").equals("the org") ? world.orgId : UNKNOWN_ORG;
            String path = "/orgs/" + id + "/contact/" + row.get("route");
            String body = row.get("body") == null ? "" : row.get("body");
            Exchange answer = row.get("token of").equals("nobody")
                    ? world.exchange("POST", path, withJson(Map.of()), body)
                    : sendAs(row.get("token of"), "POST", path, Map.of(), body);
            String[] expected = row.get("answer").split(" ");
            assertThat(answer.status()).as(row + " -> " + answer.body()).isEqualTo(Integer.parseInt(expected[0]));
            assertThat(answer.json().path("type").asText()).isEqualTo("urn:cqrs-workbook:problem:" + expected[1]);
        }
    }

    private Exchange sendAs(String phone, String method, String path, Map<String, String> headers, String body) {
        assertThat(tokens).as("a token of " + phone).containsKey(phone);
        Map<String, String> all = withJson(headers);
        all.put("Authorization", "Bearer " + tokens.get(phone));
        return world.exchange(method, path, all, body);
    }

    private void registerWith(String token) {
        world.exchange("POST", "/orgs", withJson(Map.of("Authorization", "Bearer " + token)),
                OrgSteps.profile("Acme Pte Ltd", "Singapore", "SG"));
    }

    private JWKSet jwks() throws Exception {
        Exchange answer = world.exchange("GET", "/.well-known/jwks.json", Map.of(), null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        return JWKSet.parse(new String(answer.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    private static Map<String, String> withJson(Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return all;
    }
}
