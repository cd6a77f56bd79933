package cqrs.workbook.gateway;

import cqrs.workbook.aggregate.Aggregate;
import cqrs.workbook.command.CommandHandler;
import cqrs.workbook.command.Outcome;
import cqrs.workbook.gateway.HttpApi.BadRequest;
import cqrs.workbook.json.Json;
import cqrs.workbook.kernel.InvalidValue;
import cqrs.workbook.org.City;
import cqrs.workbook.org.CountryCode;
import cqrs.workbook.org.Location;
import cqrs.workbook.org.OrgCommand;
import cqrs.workbook.org.OrgCommand.RegisterOrg;
import cqrs.workbook.org.OrgCommand.UpdateOrgProfile;
import cqrs.workbook.org.OrgEvent;
import cqrs.workbook.org.OrgId;
import cqrs.workbook.org.OrgName;
import cqrs.workbook.org.OrgProfile;
import cqrs.workbook.org.OrgRejection;
import cqrs.workbook.org.OrgState;
import cqrs.workbook.org.Website;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code POST /orgs} and {@code PUT /orgs/{id}}: HTTP to org commands and back. */
public final class OrgRoutes {

    public static final String ORG_PATH = "/orgs/([^/]+)";
    private static final Pattern IF_MATCH = Pattern.compile("(?:W/)?\"([0-9]{1,18})\"");

    private final CommandHandler commands;
    private final Aggregate<OrgCommand, OrgState, OrgEvent, OrgRejection> org;
    private final Clock clock;
    private final SmsCountries smsCountries;

    public OrgRoutes(CommandHandler commands, Aggregate<OrgCommand, OrgState, OrgEvent, OrgRejection> org,
                     Clock clock, SmsCountries smsCountries) {
        this.commands = commands;
        this.org = org;
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
        var contactPhone = body.optional("contactPhone", smsCountries::textable); // the event handler texts it
        body.requireValid();
        return new OrgProfile(name, new Location(city, country), website, contactPhone);
    }
    // end::profile[]

    HttpResponse registerOrg(HttpRequest request) throws BadRequest {
        OrgProfile profile = profile(request, smsCountries);
        OrgId id = new OrgId(UUID.randomUUID());
        Outcome<OrgEvent, OrgRejection> outcome = commands.handle(org, id.toString(),
                new RegisterOrg(id, profile, clock.instant()), OptionalLong.empty());
        return switch (outcome) {
            case Outcome.Accepted<OrgEvent, OrgRejection> accepted ->
                    HttpResponse.json(201, Json.PUBLIC.createObjectNode()
                                    .put("id", id.toString()).put("version", accepted.version()))
                            .withHeader("Location", "/orgs/" + id)
                            .withHeader("ETag", Answers.etag(accepted.version()));
            case Outcome.Unchanged<OrgEvent, OrgRejection> unchanged -> current(id, unchanged.version());
            case Outcome.Rejected<OrgEvent, OrgRejection> rejected -> refused(id, rejected.reason());
            case Outcome.Failed<OrgEvent, OrgRejection> failed -> Answers.failure(failed.failure());
        };
    }

    // tag::update[]
    HttpResponse updateProfile(HttpRequest request, Matcher path) throws BadRequest {
        OrgId id;
        try {
            id = OrgId.of(path.group(1));
        } catch (InvalidValue notAnId) {
            return notRegistered(path.group(1));
        }
        OptionalLong expected = ifMatch(request);
        OrgProfile profile = profile(request, smsCountries);
        Outcome<OrgEvent, OrgRejection> outcome = commands.handle(org, id.toString(),
                new UpdateOrgProfile(id, profile, clock.instant()), expected);
        return switch (outcome) {
            case Outcome.Accepted<OrgEvent, OrgRejection> accepted -> current(id, accepted.version());
            case Outcome.Unchanged<OrgEvent, OrgRejection> unchanged -> current(id, unchanged.version());
            case Outcome.Rejected<OrgEvent, OrgRejection> rejected -> refused(id, rejected.reason());
            case Outcome.Failed<OrgEvent, OrgRejection> failed -> Answers.failure(failed.failure());
        };
    }
    // end::update[]

    /** What the org decider may refuse, as HTTP. */
    private static HttpResponse refused(OrgId id, OrgRejection reason) {
        return switch (reason) {
            case OrgRejection.AlreadyRegistered taken -> HttpResponse.problem(Problem.of(409,
                    "already-registered", "Already registered", "an org is registered under " + id));
            case OrgRejection.NotRegistered never -> notRegistered(id.toString());
        };
    }

    /** {@code If-Match: "3"} asks that the update apply to version 3 only. */
    private static OptionalLong ifMatch(HttpRequest request) throws BadRequest {
        String header = request.header("If-Match").orElse(null);
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return OptionalLong.empty();
        }
        Matcher matcher = IF_MATCH.matcher(header.strip());
        if (!matcher.matches()) {
            throw new BadRequest(Problem.invalid(List.of(new FieldError("If-Match",
                    "must be an entity tag holding a version, such as \"3\""))));
        }
        return OptionalLong.of(Long.parseLong(matcher.group(1)));
    }

    private static HttpResponse current(OrgId id, long version) {
        return HttpResponse.json(200, Json.PUBLIC.createObjectNode().put("id", id.toString()).put("version", version))
                .withHeader("ETag", Answers.etag(version));
    }

    private static HttpResponse notRegistered(String id) {
        return HttpResponse.problem(Problem.of(404, "org-not-found", "Org not found",
                "no org was ever registered under " + id));
    }
}
