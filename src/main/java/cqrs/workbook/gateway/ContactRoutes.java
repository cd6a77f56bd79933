package cqrs.workbook.gateway;

import cqrs.workbook.aggregate.Aggregate;
import cqrs.workbook.auth.Authentication;
import cqrs.workbook.auth.Tokens;
import cqrs.workbook.command.CommandHandler;
import cqrs.workbook.command.Outcome;
import cqrs.workbook.gateway.HttpApi.BadRequest;
import cqrs.workbook.json.Json;
import cqrs.workbook.kernel.InvalidValue;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.org.OrgCommand;
import cqrs.workbook.org.OrgEvent;
import cqrs.workbook.org.OrgId;
import cqrs.workbook.org.OrgRejection;
import cqrs.workbook.org.OrgState;
import cqrs.workbook.otp.OtpCode;
import cqrs.workbook.otp.OtpEvent;
import cqrs.workbook.otp.OtpEvent.OtpAttemptFailed;
import cqrs.workbook.otp.OtpEvent.OtpIssued;
import cqrs.workbook.otp.OtpEvent.OtpLocked;
import cqrs.workbook.otp.OtpEvent.OtpVerified;
import cqrs.workbook.otp.OtpRejection;
import cqrs.workbook.otp.application.OtpService;
import cqrs.workbook.otp.application.OtpService.SmsNotSent;
import cqrs.workbook.otp.application.OtpService.TooManyTexts;
import java.util.UUID;
import java.util.regex.Matcher;

/**
 * {@code POST /orgs/{id}/contact/verify} and {@code POST /orgs/{id}/contact/code}: the owner
 * of an org confirms its contact phone with the code texted to that phone, or asks for a new
 * one. Contact codes live on a stream of their own per org and phone, so they are verified
 * here and nowhere else: {@code POST /otp/verify} never reads them, and verifying one signs
 * nobody in.
 */
public final class ContactRoutes {

    private final CommandHandler commands;
    private final Aggregate<OrgCommand, OrgState, OrgEvent, OrgRejection> org;
    private final Tokens tokens;
    private final OtpService otp;

    public ContactRoutes(CommandHandler commands, Aggregate<OrgCommand, OrgState, OrgEvent, OrgRejection> org,
                         Tokens tokens, OtpService otp) {
        this.commands = commands;
        this.org = org;
        this.tokens = tokens;
        this.otp = otp;
    }

    public void register(HttpApi api) {
        api.route("POST", OrgRoutes.ORG_PATH + "/contact/verify", (request, path) -> asOwner(request, path, this::verify));
        api.route("POST", OrgRoutes.ORG_PATH + "/contact/code", (request, path) -> asOwner(request, path, this::newCode));
    }

    /** What the owner of an org asks, given the org as the command side knows it. */
    @FunctionalInterface
    private interface OwnerRequest {
        HttpResponse handle(HttpRequest request, OrgId id, OrgState.Registered org) throws BadRequest;
    }

    /** 401, then 404 and 403 from the org's state, before the body is read; then the request itself. */
    private HttpResponse asOwner(HttpRequest request, Matcher path,
            OwnerRequest ownerRequest) throws BadRequest {
        PhoneNumber requester;
        switch (tokens.authenticate(request.header("Authorization"))) {
            case Authentication.SignedIn(PhoneNumber subject) -> requester = subject;
            case Authentication.NoToken none -> {
                return SignIn.unauthorized(none);
            }
            case Authentication.InvalidToken invalid -> {
                return SignIn.unauthorized(invalid);
            }
        }
        OrgId id;
        try {
            id = OrgId.of(path.group(1));
        } catch (InvalidValue notAnId) {
            return OrgRoutes.notRegistered(path.group(1));
        }
        return switch (commands.state(org, id.toString())) {
            case OrgState.Unregistered never -> OrgRoutes.notRegistered(id.toString());
            case OrgState.Registered registered when !registered.ownedBy(requester) ->
                    OrgRoutes.refused(id, new OrgRejection.NotOwner());
            case OrgState.Registered registered -> ownerRequest.handle(request, id, registered);
        };
    }

    // tag::contact-verify[]
    private HttpResponse verify(HttpRequest request, OrgId id,
            OrgState.Registered registered) throws BadRequest {
        JsonBody body = JsonBody.of(request).onlyKnown("code");
        OtpCode code = body.required("code", OtpCode::of);
        body.requireValid();
        if (registered.profile().contactPhone().isEmpty()) {
            return noContactCode(id);
        }
        PhoneNumber phone = registered.profile().contactPhone().get();
        return switch (otp.verifyContact(phone, id, code)) {
        // end::contact-verify[]
            // The OTP stream records the verification; the event handler marks the org.
            case Outcome.Accepted<OtpEvent, OtpRejection>(OtpVerified verified, long version) ->
                    HttpResponse.json(200, Json.PUBLIC.createObjectNode().put("id", id.toString())
                            .put("contactPhone", phone.value()).put("verified", true));
            case Outcome.Accepted<OtpEvent, OtpRejection>(OtpAttemptFailed failed, long version) ->
                    HttpResponse.problem(Problem.of(422, "wrong-code", "Wrong code",
                                    "the code does not match; " + failed.attemptsLeft()
                                    + " attempt(s) left")
                            .with("attemptsLeft", failed.attemptsLeft()));
            case Outcome.Accepted<OtpEvent, OtpRejection>(OtpLocked locked, long version) ->
                    HttpResponse.problem(OtpRoutes.lockedProblem());
            case Outcome.Accepted<OtpEvent, OtpRejection>(OtpIssued issued, long version) ->
                    throw new IllegalStateException("verifying issued a code");
            case Outcome.Unchanged<OtpEvent, OtpRejection> unchanged ->
                    throw new IllegalStateException("verifying changed nothing");
            case Outcome.Rejected<OtpEvent, OtpRejection>(OtpRejection.NoCodeIssued none,
                    long version) ->
                    noContactCode(id);
            case Outcome.Rejected<OtpEvent, OtpRejection>(OtpRejection reason, long version) ->
                    OtpRoutes.refused(reason);
            case Outcome.Failed<OtpEvent, OtpRejection>(Outcome.Failure failure) ->
                    Answers.failure(failure);
        };
    }

    private HttpResponse newCode(HttpRequest request, OrgId id,
            OrgState.Registered registered) throws BadRequest {
        JsonBody.ofOptional(request).onlyKnown().requireValid();
        if (registered.profile().contactPhone().isEmpty()) {
            return HttpResponse.problem(Problem.of(404, "no-contact-phone", "No contact phone",
                    "org " + id + " names no contact phone"));
        }
        if (registered.contactVerified()) {
            return HttpResponse.problem(Problem.of(409, "contact-verified", "Contact verified",
                    "the contact phone of org " + id + " is verified already"));
        }
        PhoneNumber phone = registered.profile().contactPhone().get();
        Outcome<OtpEvent, OtpRejection> outcome;
        try {
            outcome = otp.issueContact(phone, id, registered.profile().name(), UUID.randomUUID()
                    .toString());
        } catch (SmsNotSent smsFailed) {
            return OtpRoutes.smsNotSent();
        } catch (TooManyTexts tooMany) {
            return OtpRoutes.tooManyTexts(tooMany);
        }
        return switch (outcome) {
            case Outcome.Accepted<OtpEvent, OtpRejection>(OtpIssued issued, long version) ->
                    HttpResponse.json(201, Json.PUBLIC.createObjectNode().put("id", id.toString())
                            .put("expiresAt", issued.expiresAt().toString()));
            case Outcome.Accepted<OtpEvent, OtpRejection>(OtpEvent other, long version) ->
                    throw new IllegalStateException("issuing recorded " + other);
            case Outcome.Unchanged<OtpEvent, OtpRejection> unchanged ->
                    throw new IllegalStateException("a new otpId was issued already");
            case Outcome.Rejected<OtpEvent, OtpRejection>(OtpRejection reason, long version) ->
                    OtpRoutes.refused(reason);
            case Outcome.Failed<OtpEvent, OtpRejection>(Outcome.Failure failure) ->
                    Answers.failure(failure);
        };
    }

    private static HttpResponse noContactCode(OrgId id) {
        return HttpResponse.problem(Problem.of(404, "no-contact-code", "No contact code",
                "no contact code was issued for the current contact phone of org " + id
                        + "; ask for one through POST /orgs/" + id + "/contact/code"));
    }
}
