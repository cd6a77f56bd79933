package cqrs.workbook.gateway;

import cqrs.workbook.auth.Authentication;
import cqrs.workbook.auth.Tokens;
import cqrs.workbook.gateway.HttpApi.BadRequest;
import cqrs.workbook.gateway.HttpApi.Endpoint;
import cqrs.workbook.json.Json;
import cqrs.workbook.log.Log;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on the routes that create something or send a text: the same key
 * from the same caller within 24 hours answers exactly what the first request answered
 * (status, body, {@code Location}) and writes and sends nothing more; the same key with
 * another body answers 422 {@code idempotency-key-reused}. It wraps a route where the routes
 * are registered, so a route's own code knows nothing of it.
 *
 * <p>A 5xx, a 429 or a request refused before any decision is no answer to keep: the key is
 * let go, and a retry runs the request again. That is safe where the command itself is
 * idempotent under the key ({@code POST /orgs} draws the
 * org's id from the caller and the key), which is what makes {@code outcome-unknown} safe to
 * retry.
 */
public final class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final Duration KEPT = Duration.ofHours(24);
    private static final Pattern KEY = Pattern.compile("[\\x20-\\x7e]{1,255}");

    /**
     * Who is asking, as far as a key is concerned; empty when the
     * request says nobody (the route answers it).
     */
    @FunctionalInterface
    public interface Caller {
        Optional<String> of(HttpRequest request);
    }

    private final IdempotencyStore store;
    private final Clock clock;

    public Idempotency(IdempotencyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The caller is the subject of the request's valid token. */
    public static Caller tokenSubject(Tokens tokens) {
        return request -> switch (tokens.authenticate(request.header("Authorization"))) {
            case Authentication.SignedIn signedIn -> Optional.of(signedIn.subject().value());
            case Authentication.NoToken none -> Optional.empty();
            case Authentication.InvalidToken invalid -> Optional.empty();
        };
    }

    /** The caller is named by a string field of the JSON body ({@code POST /otp}: the phone). */
    public static Caller bodyField(String field) {
        return request -> {
            try {
                var node = Json.PUBLIC.readTree(request.body()).path(field);
                return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
            } catch (java.io.IOException | RuntimeException unreadable) {
                return Optional.empty(); // the route answers the malformed body
            }
        };
    }

    public Endpoint by(Caller caller, Endpoint route) {
        return (request, path) -> handle(caller, route, request, path);
    }

    private HttpResponse handle(Caller callers, Endpoint route, HttpRequest request,
            Matcher path) throws BadRequest {
        Optional<String> key = request.header(HEADER);
        if (key.isEmpty()) {
            return route.handle(request, path);
        }
        if (!KEY.matcher(key.get()).matches()) {
            throw new BadRequest(Problem.invalid(List.of(new FieldError(HEADER,
                    "must be 1 to 255 printable ASCII characters"))));
        }
        Optional<String> caller = callers.of(request);
        if (caller.isEmpty()) {
            return route.handle(request, path);
        }
        // tag::idempotency[]
        String id = "idempotency#" + sha256(request.method() + " " + request.path() + "\n"
                + caller.get() + "\n" + key.get());
        String fingerprint = sha256(new String(request.body(), StandardCharsets.UTF_8));
        Instant now = clock.instant();
        Instant expiresAt = now.plus(KEPT);
        for (int tries = 1; !store.claim(id, fingerprint, now, expiresAt); tries++) {
            Optional<IdempotencyStore.Entry> entry = store.get(id);
            if (entry.isEmpty() || !entry.get().expiresAt().isAfter(now)) {
                if (tries < 3) {
                    continue; // let go or expired meanwhile: claim again
                }
                return HttpResponse.problem(Problem.of(409, "idempotency-key-in-use",
                        "Request in progress",
                        "a request with this Idempotency-Key is being handled; retry shortly"))
                        .withHeader("Retry-After", "1");
            }
            if (!entry.get().fingerprint().equals(fingerprint)) {
                return HttpResponse.problem(Problem.of(422, "idempotency-key-reused",
                        "Idempotency key reused", "this Idempotency-Key was sent with another "
                                + "request body; use a new key for a new request"));
            }
            if (entry.get().answer().isPresent()) {
                Log.line("idempotency", request.method() + " " + request.path()
                        + " answered as the first time");
                return entry.get().answer().get();
            }
            return HttpResponse.problem(Problem.of(409, "idempotency-key-in-use",
                    "Request in progress",
                    "a request with this Idempotency-Key is being handled; retry shortly"))
                    .withHeader("Retry-After", "1");
        }
        // end::idempotency[]
        HttpResponse answer;
        try {
            answer = route.handle(request, path);
        } catch (BadRequest | RuntimeException failed) {
            store.release(id);
            throw failed;
        }
        if (kept(answer.status())) {
            store.answer(id, fingerprint, expiresAt, answer);
        } else {
            store.release(id); // no answer to keep: the retry runs the request again
        }
        return answer;
    }

    /**
     * The answers kept under a key: what the command decided. Not a request refused before it
     * reached a decision (400, 401, 413, 415), nor one to retry later (409 conflict, 429, 5xx):
     * the same key must then be free to try again.
     */
    static boolean kept(int status) {
        return status / 100 == 2 || status == 403 || status == 404 || status == 410 || status == 422
                || status == 423;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
