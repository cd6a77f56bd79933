package cqrs.workbook.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import cqrs.workbook.aggregate.Aggregates;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.json.Json;
import cqrs.workbook.kernel.Decision;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.org.City;
import cqrs.workbook.org.CountryCode;
import cqrs.workbook.org.Location;
import cqrs.workbook.org.OrgCommand;
import cqrs.workbook.org.OrgEvent;
import cqrs.workbook.org.OrgId;
import cqrs.workbook.org.OrgName;
import cqrs.workbook.org.OrgProfile;
import java.time.Instant;
import java.util.Optional;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart priming: before Lambda snapshots the initialised function, representative
 * requests go through the real handler, so that the classes they need are loaded, the SDK's
 * marshallers and the JSON mappers are built, and the code is compiled, in the snapshot.
 * None of them changes anything:
 * <ul>
 * <li>the public key set, fetched from KMS once and kept (it is public, and the same for
 * every copy of the function);</li>
 * <li>a query of a sentinel org that no one can register (the nil-like UUID below is never
 * drawn: version 4 UUIDs have a random part);</li>
 * <li>an update and a registration carrying a token that names this key but whose signature
 * is two ones: the signature check runs in full, fails, and the answer is 401;</li>
 * <li>a code asked for, and one verified, for a number that no numbering plan holds, so the
 * API could never text it, nor has anyone a code for it (the answers are 400);</li>
 * <li>an empty SQS batch;</li>
 * <li>and, below the handler, what no harmless request reaches: a read of the sentinel
 * org's stream, which is empty, a put that DynamoDB must refuse, a read of the topic's
 * attributes instead of a publish, and a registration decided in memory and never stored.</li>
 * </ul>
 * Nothing unique is made: no UUID, no code, no token that could be used; the handler draws
 * those per request, after the restore.
 */
final class Priming implements Resource {

    static final String SENTINEL = "00000000-0000-4000-8000-000000000000";
    /**
     * E.164 in form, but in no numbering plan (Singapore numbers start with 3, 6, 8 or 9):
     * the API refuses to text it, so no one can have a code for it, and priming cannot touch
     * anyone's code, whatever it sends.
     */
    static final String SENTINEL_PHONE = "+6510000000";
    private static final String PROFILE =
            "{\"name\": \"Priming\", \"location\": {\"city\": \"Singapore\", \"country\": \"SG\"}}";

    private final Handler handler;

    Priming(Handler handler) {
        this.handler = handler;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: the function keeps no unique value from its init.
    }

    /**
     * Runs the requests three times, so that the client compiler sees them often enough; the
     * handler also calls it at init under provisioned concurrency. Gives each request's answer
     * in the last round: an HTTP status, or the failed messages of the SQS batch.
     */
    Map<String, String> prime() {
        String keys = handle(http("GET", "/.well-known/jwks.json", Map.of(), null));
        Map<String, String> unverifiable = Map.of("Authorization", "Bearer "
                + unverifiableToken(keys));
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("GET /.well-known/jwks.json",
                http("GET", "/.well-known/jwks.json", Map.of(), null));
        requests.put("GET /orgs/{sentinel}", http("GET", "/orgs/" + SENTINEL, Map.of(), null));
        requests.put("PUT /orgs/{sentinel}, unverifiable token",
                http("PUT", "/orgs/" + SENTINEL, unverifiable, PROFILE));
        requests.put("POST /orgs, unverifiable token",
                http("POST", "/orgs", unverifiable, PROFILE));
        requests.put("POST /otp, a number no one can text",
                http("POST", "/otp", Map.of(), "{\"phone\": \"" + SENTINEL_PHONE + "\"}"));
        requests.put("POST /otp/verify, a number no one can text",
                http("POST", "/otp/verify", Map.of(), "{\"phone\": \"" + SENTINEL_PHONE
                        + "\", \"otpId\": \"" + SENTINEL + "\", \"code\": \"000000\"}"));
        requests.put("SQS, empty batch", "{\"Records\": []}");
        Map<String, String> answers = new LinkedHashMap<>();
        for (int round = 0; round < 3; round++) {
            requests.forEach((name, request) -> answers.put(name, summary(handle(request))));
            handler.application().primeStore(Aggregates.ORG.stream(SENTINEL));
            primeDecision();
        }
        return answers;
    }

    /**
     * A registration decided in memory only, as no harmless request can have it decided: the
     * org's value objects (with the text normaliser), its decider, and both JSON forms of its
     * event. Nothing leaves the function.
     */
    private static void primeDecision() {
        OrgProfile profile = new OrgProfile(OrgName.of("Priming"),
                new Location(City.of("Singapore"), CountryCode.of("SG")),
                Optional.empty(), Optional.empty());
        var org = Aggregates.ORG;
        var decision = org.decider().decide(new OrgCommand.RegisterOrg(OrgId.of(SENTINEL),
                        PhoneNumber.recorded(SENTINEL_PHONE), profile, Instant.EPOCH),
                org.decider().initialState());
        if (!(decision instanceof Decision.Accepted<OrgEvent, ?> accepted)) {
            throw new IllegalStateException("priming's registration was not accepted: " + decision);
        }
        org.codec().toStoredJson(accepted.event());
        org.codec().toPublicJson(accepted.event());
    }

    /**
     * A token in the service's form, naming its key, whose signature is R = 1, S = 1: it is
     * made of public values only, and no key can have made it.
     */
    static String unverifiableToken(String jwksAnswer) {
        String kid;
        try {
            String keySet = Json.PUBLIC.readTree(jwksAnswer).path("body").asText();
            kid = Json.PUBLIC.readTree(keySet).path("keys").path(0).path("kid").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        byte[] signature = new byte[64];
        signature[31] = 1;
        signature[63] = 1;
        return base64.encodeToString(("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}")
                .getBytes(StandardCharsets.UTF_8))
                + "." + base64.encodeToString(("{\"sub\":\"" + SENTINEL_PHONE
                        + "\",\"iat\":0,\"exp\":1}").getBytes(StandardCharsets.UTF_8))
                + "." + base64.encodeToString(signature);
    }

    private static String summary(String answer) {
        try {
            JsonNode json = Json.PUBLIC.readTree(answer);
            if (!json.has("statusCode")) {
                return json.path("batchItemFailures").size() + " failed messages";
            }
            String status = json.path("statusCode").asText();
            JsonNode problem = Json.PUBLIC.readTree(json.path("body").asText());
            String type = problem.path("type").asText("");
            String detail = problem.path("detail").asText("").split(";")[0].replace(SENTINEL,
                    "{sentinel}");
            return json.path("statusCode").asInt() < 400 ? status
                    : status + " " + type.substring(type.lastIndexOf(':') + 1) + ": " + detail;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String handle(String request) {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(
                    request.getBytes(StandardCharsets.UTF_8)), answer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    /** An API Gateway proxy event, as {@code lambda.events.ApiGatewayRequest} reads it. */
    private static String http(String method, String path, Map<String, String> headers,
            String body) {
        ObjectNode event = Json.PUBLIC.createObjectNode().put("httpMethod", method)
                .put("path", path).put("resource", "/{proxy+}").put("body", body)
                .put("isBase64Encoded", false);
        ObjectNode eventHeaders = event.putObject("headers")
                .put("Content-Type", "application/json");
        headers.forEach(eventHeaders::put);
        return event.toString();
    }
}
