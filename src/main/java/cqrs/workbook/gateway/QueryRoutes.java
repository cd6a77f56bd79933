package cqrs.workbook.gateway;

import cqrs.workbook.aggregate.Aggregates;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.auth.Authentication;
import cqrs.workbook.auth.Tokens;
import cqrs.workbook.projection.Views;
import java.util.function.BiPredicate;
import cqrs.workbook.kernel.InvalidValue;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.org.OrgId;
import cqrs.workbook.projection.HistoryProjection;
import cqrs.workbook.projection.View;
import cqrs.workbook.projection.ViewStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * The query handler: {@code GET /orgs/{id}} and {@code GET /otp/{otpId}} read one view each.
 * Every answer carries an {@code ETag}; a client that sends it back in
 * {@code If-None-Match} gets 304 and no body until the view changes.
 */
public final class QueryRoutes {

    public static final String OTP_PATH = "/otp/([^/]+)";

    private final ViewStore views;
    private final Clock clock;
    private final Tokens tokens;
    private final BiPredicate<OrgId, PhoneNumber> owns;

    /** {@code owns}: whether a phone owns an org, as the command side knows it. */
    public QueryRoutes(ViewStore views, Clock clock, Tokens tokens, BiPredicate<OrgId, PhoneNumber> owns) {
        this.views = views;
        this.clock = clock;
        this.tokens = tokens;
        this.owns = owns;
    }

    public void register(HttpApi api) {
        api.route("GET", OrgRoutes.ORG_PATH, this::org);
        api.route("GET", OTP_PATH, this::otp);
        api.route("GET", OrgRoutes.ORG_PATH + "/history", this::history);
    }

    /**
     * The org's view. Its contact phone is shown once verified: before, it is only what the
     * owner typed, and anybody could publish someone's number by typing it in. The owner,
     * sending a valid token, sees it unverified too; who owns the org is the command side's
     * knowledge, asked only then (no view names the owner).
     */
    HttpResponse org(HttpRequest request, Matcher path) {
        OrgId id;
        Optional<View> view;
        try {
            id = OrgId.of(path.group(1));
            view = views.get(Aggregates.ORG.stream(id.toString()));
        } catch (InvalidValue notAnId) {
            id = null;
            view = Optional.empty();
        }
        if (view.isEmpty()) {
            return HttpResponse.problem(Problem.of(404, "org-not-found", "Org not found",
                    "no org view for " + path.group(1) + ": never registered, or not projected yet"));
        }
        // tag::org-query[]
        ObjectNode document = view.get().document();
        if (document.has("contactPhone") && !document.path("contactVerified").asBoolean()
                && !ownerAsks(request, id)) {
            document = document.deepCopy();
            document.remove("contactPhone");
        }
        return conditional(request, document, Answers.etag(view.get().version()))
                .withHeader("Vary", "Authorization");
        // end::org-query[]
    }

    private boolean ownerAsks(HttpRequest request, OrgId id) {
        // A token that is missing or refused asks as the public does: this route needs none.
        return request.header("Authorization").isPresent()
                && tokens.authenticate(request.header("Authorization"))
                        instanceof Authentication.SignedIn(PhoneNumber phone)
                && owns.test(id, phone);
    }

    HttpResponse history(HttpRequest request, Matcher path) {
        Optional<View> view;
        try {
            view = views.get(HistoryProjection.viewId(OrgId.of(path.group(1)).toString()));
        } catch (InvalidValue notAnId) {
            view = Optional.empty();
        }
        return view.map(v -> conditional(request, v.document(), Answers.etag(v.version())))
                .orElseGet(() -> HttpResponse.problem(Problem.of(404, "org-not-found", "Org not found",
                        "no history for " + path.group(1)
                        + ": never registered, or not projected yet")));
    }

    /** One code's status, by the otpId that only the one who asked for it was answered. */
    HttpResponse otp(HttpRequest request, Matcher path) {
        Optional<View> view = OtpIds.valid(path.group(1)).flatMap(otpId ->
                views.get(Views.otpCodeKey(otpId)));
        if (view.isEmpty()) {
            return HttpResponse.problem(Problem.of(404, "code-not-found", "Code not found",
                    "no code view for this otpId: never issued, or not projected yet"));
        }
        // tag::otp-query[]
        ObjectNode document = view.get().document().deepCopy();
        String etag = Answers.etag(view.get().version());
        // Expiry is a matter of time, not of an event: the query derives it, and the ETag
        // tells the two representations of one version apart.
        if ("PENDING".equals(document.path("status").asText())
                && !clock.instant().isBefore(Instant.parse(document.path("expiresAt").asText()))) {
            document.put("status", "EXPIRED");
            etag = "\"" + view.get().version() + "-expired\"";
        }
        return conditional(request, document, etag);
        // end::otp-query[]
    }

    // tag::conditional-get[]
    private static HttpResponse conditional(HttpRequest request, ObjectNode document, String etag) {
        boolean unchanged = request.header("If-None-Match")
                .map(header -> header.strip().equals("*") || Arrays.stream(header.split(","))
                        .map(tag -> tag.strip().replaceFirst("^W/", ""))
                        .anyMatch(etag::equals))
                .orElse(false);
        if (unchanged) {
            return new HttpResponse(304, Map.of("ETag", etag), "");
        }
        return HttpResponse.json(200, document).withHeader("ETag", etag);
    }
    // end::conditional-get[]
}
