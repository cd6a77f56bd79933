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
import cqrs.workbook.org.City;
import cqrs.workbook.org.CountryCode;
import cqrs.workbook.org.Location;
import cqrs.workbook.org.OrgCommand;
import cqrs.workbook.org.OrgCommand.RegisterOrg;
import cqrs.workbook.org.OrgCommand.UpdateOrgProfile;
import cqrs.workbook.org.OrgDecider;
import cqrs.workbook.org.OrgEvent;
import cqrs.workbook.org.OrgId;
import cqrs.workbook.org.OrgName;
import cqrs.workbook.org.OrgProfile;
import cqrs.workbook.org.OrgRejection;
import cqrs.workbook.org.OrgState;
import cqrs.workbook.org.Website;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code POST /orgs} and {@code PUT /orgs/{id}}: HTTP to org commands and back. */
public final class OrgRoutes {

    public static final String ORG_PATH = "/orgs/([^/]+)";
    /** One entity tag, weak or strong; a version inside it or anything else (which never matches). */
    private static final Pattern ENTITY_TAG = Pattern.compile("(W/)?\"([\\x21\\x23-\\x7e]*)\"");

    private final CommandHandler commands;
    private final Aggregate<OrgCommand, OrgState, OrgEvent, OrgRejection> org;
    private final Tokens tokens;
    private final Clock clock;
    private final SmsCountries smsCountries;

    public OrgRoutes(CommandHandler commands, Aggregate<OrgCommand, OrgState, OrgEvent, OrgRejection> org,
                     Tokens tokens, Clock clock, SmsCountries smsCountries) {
        this.commands = commands;
        this.org = org;
        this.tokens = tokens;
        this.clock = clock;
        this.smsCountries = smsCountries;
    }

    public void register(HttpApi api) {
        api.route("POST", "/orgs", (request, path) -> registerOrg(request));
        api.route("PUT", ORG_PATH, this::updateProfile);
    }

    // tag::profile[]
    /** Reads a whole profile; every invalid field is reported, not just the first. */
    static OrgProfile profile(HttpRequest request, SmsCountries smsCountries) throws BadRequest {
        JsonBody body = JsonBody.of(request).onlyKnown("name", "location", "website", "contactPhone");
        OrgName name = body.required("name", OrgName::of);
        JsonBody where = body.object("location").onlyKnown("city", "country");
        City city = where.required("city", City::of);
        CountryCode country = where.required("country", CountryCode::of);
        var website = body.optional("website", Website::of);
        // the event handler texts it
        var contactPhone = body.optional("contactPhone", smsCountries::textable);
        body.requireValid();
        return new OrgProfile(name, new Location(city, country), website, contactPhone);
    }
    // end::profile[]

    // tag::signed-in[]
    /** Both org commands need a signed-in phone; who it is goes into the command. */
    HttpResponse registerOrg(HttpRequest request) throws BadRequest {
        return switch (tokens.authenticate(request.header("Authorization"))) {
            case Authentication.SignedIn(PhoneNumber owner) -> register(request, owner);
            case Authentication.NoToken none -> SignIn.unauthorized(none);
            case Authentication.InvalidToken invalid -> SignIn.unauthorized(invalid);
        };
    }
    // end::signed-in[]

    HttpResponse updateProfile(HttpRequest request, Matcher path) throws BadRequest {
        return switch (tokens.authenticate(request.header("Authorization"))) {
            case Authentication.SignedIn(PhoneNumber requester) ->
                    update(request, path.group(1), requester);
            case Authentication.NoToken none -> SignIn.unauthorized(none);
            case Authentication.InvalidToken invalid -> SignIn.unauthorized(invalid);
        };
    }

    private HttpResponse register(HttpRequest request, PhoneNumber owner) throws BadRequest {
        OrgProfile profile = profile(request, smsCountries);
        // tag::register-idempotent[]
        // Under an Idempotency-Key the id is drawn from the owner and the key, so that a retry
        // after an unknown outcome decides on the same stream instead of registering a twin.
        Optional<String> key = request.header(Idempotency.HEADER);
        OrgId id = new OrgId(key.map(k -> UUID.nameUUIDFromBytes(
                        ("org of " + owner.value() + " under " + k)
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .orElseGet(UUID::randomUUID));
        // end::register-idempotent[]
        Outcome<OrgEvent, OrgRejection> outcome = commands.handle(org, id.toString(),
                new RegisterOrg(id, owner, profile, clock.instant()), OptionalLong.empty());
        return switch (outcome) {
            case Outcome.Accepted<OrgEvent, OrgRejection> accepted ->
                    HttpResponse.json(201, Json.PUBLIC.createObjectNode()
                                    .put("id", id.toString()).put("version", accepted.version()))
                            .withHeader("Location", request.link("/orgs/" + id))
                            .withHeader("ETag", Answers.etag(accepted.version()));
            case Outcome.Unchanged<OrgEvent, OrgRejection> unchanged ->
                    current(id, unchanged.version());
            // Registered under this key by an earlier attempt whose
            // answer was lost: the first answer again.
            case Outcome.Rejected<OrgEvent, OrgRejection>(
                    OrgRejection.AlreadyRegistered taken, long version) when key.isPresent() ->
                    HttpResponse.json(201, Json.PUBLIC.createObjectNode()
                                    .put("id", id.toString()).put("version", 1))
                            .withHeader("Location", request.link("/orgs/" + id))
                            .withHeader("ETag", Answers.etag(1));
            case Outcome.Rejected<OrgEvent, OrgRejection> rejected -> refused(id, rejected.reason());
            case Outcome.Failed<OrgEvent, OrgRejection> failed -> Answers.failure(failed.failure());
        };
    }

    /**
     * The contract's order of answers: 401 (above), then 404 and 403, asked of the org's
     * state before the body is read, so a stranger learns nothing from a 400; then the body
     * (400), then {@code If-Match} (412, from the command handler). The decider asks the
     * ownership question again on the state it decides on.
     */
    // tag::update[]
    private HttpResponse update(HttpRequest request, String rawId,
            PhoneNumber requester) throws BadRequest {
        OrgId id;
        try {
            id = OrgId.of(rawId);
        } catch (InvalidValue notAnId) {
            return notRegistered(rawId);
        }
        Optional<OrgRejection> refused = OrgDecider.mayChange(commands.state(org, id.toString()),
                requester);
        if (refused.isPresent()) {
            return refused(id, refused.get());
        }
        OrgProfile profile = profile(request, smsCountries);
        // end::update[]
        IfMatch precondition = ifMatch(request);
        Outcome<OrgEvent, OrgRejection> outcome = commands.handle(org, id.toString(),
                new UpdateOrgProfile(id, requester, profile, clock.instant()), precondition.expected());
        return switch (outcome) {
            case Outcome.Accepted<OrgEvent, OrgRejection> accepted -> current(id, accepted.version());
            case Outcome.Unchanged<OrgEvent, OrgRejection> unchanged ->
                    current(id, unchanged.version());
            case Outcome.Rejected<OrgEvent, OrgRejection> rejected -> refused(id, rejected.reason());
            case Outcome.Failed<OrgEvent, OrgRejection>(Outcome.Failure.VersionMismatch mismatch)
                    when precondition.neverMatches() ->
                    HttpResponse.problem(Problem.of(412, "precondition-failed", "Precondition failed",
                            "If-Match is compared strongly and " + precondition.tag()
                                    + " names no version; send the ETag as it was given, such as \"3\"")
                            .with("currentVersion", mismatch.current()));
            case Outcome.Failed<OrgEvent, OrgRejection> failed -> Answers.failure(failed.failure());
        };
    }

    /** What the org decider may refuse, as HTTP. */
    static HttpResponse refused(OrgId id, OrgRejection reason) {
        return switch (reason) {
            case OrgRejection.AlreadyRegistered taken -> HttpResponse.problem(Problem.of(409,
                    "already-registered", "Already registered", "an org is registered under " + id));
            case OrgRejection.NotRegistered never -> notRegistered(id.toString());
            case OrgRejection.NotOwner stranger -> HttpResponse.problem(Problem.of(403, "not-owner",
                    "Not the owner", "only the phone that registered org " + id + " may change it"));
        };
    }

    /**
     * What {@code If-Match} asks: nothing (absent, or {@code *}: the org must exist, which an
     * update needs anyway), or that the update apply to one version only. RFC 9110 makes
     * If-Match compare strongly: a weak tag ({@code W/"3"}) or a tag that is no version of
     * ours is well-formed but never matches, so the update is refused with 412, after the
     * checks that come first (404, 400). An empty or malformed header is a 400.
     */
    record IfMatch(OptionalLong expected, String tag) {
        /** The version no stream has: the command handler then answers a version mismatch. */
        private static final long NO_VERSION = 0;

        boolean neverMatches() {
            return expected.isPresent() && expected.getAsLong() == NO_VERSION;
        }
    }

    // tag::if-match[]
    static IfMatch ifMatch(HttpRequest request) throws BadRequest {
        String header = request.header("If-Match").orElse(null);
        if (header == null) {
            return new IfMatch(OptionalLong.empty(), null);
        }
        String tag = header.strip();
        if (tag.equals("*")) {
            return new IfMatch(OptionalLong.empty(), tag);
        }
        Matcher matcher = ENTITY_TAG.matcher(tag);
        if (!matcher.matches()) {
            throw new BadRequest(Problem.invalid(List.of(new FieldError("If-Match", tag.isEmpty()
                    ? "is empty; send the ETag of the version to update, such as \"3\", "
                            + "or leave the header out"
                    : "must be one entity tag, such as \"3\""))));
        }
        boolean weak = matcher.group(1) != null;
        String opaque = matcher.group(2);
        if (weak || !opaque.matches("[1-9][0-9]{0,17}")) {
            return new IfMatch(OptionalLong.of(IfMatch.NO_VERSION), tag);
        }
        return new IfMatch(OptionalLong.of(Long.parseLong(opaque)), tag);
    }
    // end::if-match[]

    private static HttpResponse current(OrgId id, long version) {
        return HttpResponse.json(200, Json.PUBLIC.createObjectNode().put("id", id.toString()).put("version", version))
                .withHeader("ETag", Answers.etag(version));
    }

    static HttpResponse notRegistered(String id) {
        return HttpResponse.problem(Problem.of(404, "org-not-found", "Org not found",
                "no org was ever registered under " + id));
    }
}
