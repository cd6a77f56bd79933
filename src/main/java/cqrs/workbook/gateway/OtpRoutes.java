package cqrs.workbook.gateway;

import cqrs.workbook.auth.SignedToken;
import cqrs.workbook.auth.Tokens;
import cqrs.workbook.command.Outcome;
import cqrs.workbook.gateway.HttpApi.BadRequest;
import cqrs.workbook.json.Json;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.otp.OtpCode;
import cqrs.workbook.otp.OtpDecider;
import cqrs.workbook.otp.OtpEvent;
import cqrs.workbook.otp.OtpEvent.OtpAttemptFailed;
import cqrs.workbook.otp.OtpEvent.OtpIssued;
import cqrs.workbook.otp.OtpEvent.OtpLocked;
import cqrs.workbook.otp.OtpEvent.OtpVerified;
import cqrs.workbook.otp.OtpRejection;
import cqrs.workbook.otp.application.OtpService;
import cqrs.workbook.otp.application.OtpService.SmsNotSent;
import cqrs.workbook.otp.application.OtpService.TooManyTexts;
import cqrs.workbook.sms.TextBudget;
import java.time.Duration;
import java.util.UUID;
import cqrs.workbook.otp.OtpState;
import java.util.Optional;
import java.nio.charset.StandardCharsets;

/** {@code POST /otp} and {@code POST /otp/verify}: HTTP to OTP commands and back. */
public final class OtpRoutes {

    private final OtpService otp;
    private final SmsCountries smsCountries;
    private final Tokens tokens;

    public OtpRoutes(OtpService otp, SmsCountries smsCountries, Tokens tokens) {
        this.otp = otp;
        this.smsCountries = smsCountries;
        this.tokens = tokens;
    }

    public void register(HttpApi api) {
        api.route("POST", "/otp", (request, path) -> issue(request));
        api.route("POST", "/otp/verify", (request, path) -> verify(request));
    }

    HttpResponse issue(HttpRequest request) throws BadRequest {
        JsonBody body = JsonBody.of(request).onlyKnown("phone");
        PhoneNumber phone = body.required("phone", smsCountries::textable);
        body.requireValid();

        // tag::issue-idempotent[]
        // Under an Idempotency-Key the otpId is drawn from the phone and the key: a retry after
        // an unknown outcome asks for the same code, which the decider finds issued already (and
        // which is texted then only if its text had not gone out), instead of a second code.
        Optional<String> key = request.header(Idempotency.HEADER);
        String otpId = key.map(k -> UUID.nameUUIDFromBytes(("sign-in code of " + phone.value() + " under " + k)
                .getBytes(StandardCharsets.UTF_8)).toString()).orElseGet(() -> UUID.randomUUID().toString());
        Outcome<OtpEvent, OtpRejection> outcome;
        try {
            outcome = otp.issueSignIn(phone, otpId);
        } catch (SmsNotSent smsFailed) {
            return smsNotSent();
        } catch (TooManyTexts tooMany) {
            return tooManyTexts(tooMany);
        }
        if (outcome instanceof Outcome.Unchanged<OtpEvent, OtpRejection>(long version)) {
            Optional<OtpState.Pending> pending = otp.pendingSignIn(phone, otpId);
            if (pending.isPresent()) {
                return HttpResponse.json(201, Json.PUBLIC.createObjectNode()
                        .put("phone", phone.value()).put("otpId", otpId)
                        .put("expiresAt", pending.get().expiresAt().toString()).put("version", version));
            }
        }
        // end::issue-idempotent[]
        return answer(phone, outcome);
    }

    // tag::verify[]
    HttpResponse verify(HttpRequest request) throws BadRequest {
        JsonBody body = JsonBody.of(request).onlyKnown("phone", "otpId", "code");
        PhoneNumber phone = body.required("phone", PhoneNumber::of);
        String otpId = body.required("otpId", OtpIds::of);
        OtpCode code = body.required("code", OtpCode::of);
        body.requireValid();

        return answer(phone, otp.verifySignIn(phone, otpId, code));
    }
    // end::verify[]

    static HttpResponse smsNotSent() {
        return HttpResponse.problem(Problem.of(503, "sms-not-sent", "Service unavailable",
                "a code was issued but the SMS could not be sent; request a new code"));
    }

    static HttpResponse tooManyTexts(TooManyTexts tooMany) {
        long seconds = Math.max(1, ceilSeconds(tooMany.retryAfter()));
        return HttpResponse.problem(Problem.of(429, "too-many-texts", "Too many texts",
                        "this phone had " + TextBudget.TEXTS_PER_DAY + " texts in the last 24 hours; retry in "
                                + seconds + " seconds").with("retryAfter", seconds))
                .withHeader("Retry-After", Long.toString(seconds));
    }

    /**
     * One answer per outcome, whichever route asked: issuing and verifying share the
     * mapping, so each switch below names every event and every rejection of the aggregate.
     */
    private HttpResponse answer(PhoneNumber phone, Outcome<OtpEvent, OtpRejection> outcome) {
        return switch (outcome) {
            case Outcome.Accepted<OtpEvent, OtpRejection>(OtpEvent event, long version) ->
                    recorded(phone, event, version).withHeader("ETag", Answers.etag(version));
            case Outcome.Unchanged<OtpEvent, OtpRejection>(long version) -> HttpResponse.json(200,
                    Json.PUBLIC.createObjectNode().put("phone", phone.value()).put("version", version));
            case Outcome.Rejected<OtpEvent, OtpRejection>(OtpRejection reason, long version) -> refused(reason);
            case Outcome.Failed<OtpEvent, OtpRejection>(Outcome.Failure failure) -> Answers.failure(failure);
        };
    }

    private HttpResponse recorded(PhoneNumber phone, OtpEvent event, long version) {
        return switch (event) {
            case OtpIssued issued -> HttpResponse.json(201, Json.PUBLIC.createObjectNode()
                    .put("phone", phone.value())
                    .put("otpId", issued.otpId())
                    .put("expiresAt", issued.expiresAt().toString())
                    .put("version", version));
            // tag::signs-in[]
            // The phone proved it holds this number: it is signed in.
            case OtpVerified verified -> {
                SignedToken token = tokens.issue(phone);
                yield HttpResponse.json(200, Json.PUBLIC.createObjectNode()
                                .put("phone", phone.value()).put("verified", true).put("version", version)
                                .put("token", token.compact()).put("tokenExpiresAt", token.expiresAt().toString()))
                        .withHeader("Cache-Control", "no-store");
            }
            // end::signs-in[]
            // A wrong attempt is recorded too: the answer names the version it wrote.
            case OtpAttemptFailed failed -> HttpResponse.problem(Problem.of(422, "wrong-code", "Wrong code",
                            "the code does not match; " + failed.attemptsLeft() + " attempt(s) left")
                    .with("attemptsLeft", failed.attemptsLeft()).with("version", version));
            case OtpLocked locked -> HttpResponse.problem(lockedProblem().with("version", version));
        };
    }

    static HttpResponse refused(OtpRejection reason) {
        return switch (reason) {
            case OtpRejection.TooManyCodes tooMany -> {
                long seconds = Math.max(1, ceilSeconds(tooMany.retryAfter()));
                yield HttpResponse.problem(Problem.of(429, "too-many-codes", "Too many codes",
                                "this phone had " + OtpDecider.ISSUES_PER_WINDOW + " codes issued in the last "
                                        + OtpDecider.RATE_LIMIT_WINDOW.toMinutes() + " minutes; retry in "
                                        + seconds + " seconds")
                                .with("retryAfter", seconds))
                        .withHeader("Retry-After", Long.toString(seconds));
            }
            case OtpRejection.NoCodeIssued none -> HttpResponse.problem(Problem.of(404, "no-code-issued",
                    "No code issued", "no code with this otpId was issued to this phone; nothing was counted"));
            case OtpRejection.CodeSuperseded superseded -> HttpResponse.problem(Problem.of(410, "code-superseded",
                    "Code superseded", "a newer code replaced this one; type the code of the newest text"));
            case OtpRejection.CodeLocked locked -> HttpResponse.problem(lockedProblem());
            case OtpRejection.CodeExpired expired -> HttpResponse.problem(Problem.of(410, "code-expired",
                    "Code expired", "the code expired; request a new one"));
            case OtpRejection.CodeAlreadyUsed used -> HttpResponse.problem(Problem.of(410, "code-used",
                    "Code already used", "the code was verified already; request a new one"));
        };
    }

    static Problem lockedProblem() {
        return Problem.of(423, "code-locked", "Code locked", "too many wrong attempts; request a new code");
    }

    static long ceilSeconds(Duration duration) {
        return duration.plusNanos(999_999_999).getSeconds();
    }
}
