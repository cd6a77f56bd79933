package cqrs.workbook.gateway;

import cqrs.workbook.aggregate.Aggregates;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.gateway.HttpApi.BadRequest;
import cqrs.workbook.kernel.InvalidValue;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.org.OrgId;
import cqrs.workbook.projection.HistoryProjection;
import cqrs.workbook.projection.View;
import cqrs.workbook.projection.ViewStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * The query handler: {@code GET /orgs/{id}} and {@code GET /otp?phone=} read one view each.
 * Every answer carries an {@code ETag}; a client that sends it back in
 * {@code If-None-Match} gets 304 and no body until the view changes.
 */
public final class QueryRoutes {

    private final ViewStore views;
    private final Clock clock;

    public QueryRoutes(ViewStore views, Clock clock) {
        this.views = views;
        this.clock = clock;
    }

    public void register(HttpApi api) {
        api.route("GET", OrgRoutes.ORG_PATH, this::org);
        api.route("GET", OrgRoutes.ORG_PATH + "/history", this::history);
        api.route("GET", "/otp", (request, path) -> otp(request));
    }

    HttpResponse org(HttpRequest request, Matcher path) {
        Optional<View> view;
        try {
            view = views.get(Aggregates.ORG.stream(OrgId.of(path.group(1)).toString()));
        } catch (InvalidValue notAnId) {
            view = Optional.empty();
        }
        return view.map(v -> conditional(request, v.document(), Answers.etag(v.version())))
                .orElseGet(() -> HttpResponse.problem(Problem.of(404, "org-not-found", "Org not found",
                        "no org view for " + path.group(1) + ": never registered, or not projected yet")));
    }

    // tag::history-query[]
    HttpResponse history(HttpRequest request, Matcher path) {
        Optional<View> view;
        try {
            view = views.get(HistoryProjection.viewId(OrgId.of(path.group(1)).toString()));
        } catch (InvalidValue notAnId) {
            view = Optional.empty();
        }
        return view.map(v -> conditional(request, v.document(), Answers.etag(v.version())))
                .orElseGet(() -> HttpResponse.problem(Problem.of(404, "org-not-found", "Org not found",
                        "no history for " + path.group(1) + ": never registered, or not projected yet")));
    }
    // end::history-query[]

    // tag::otp-query[]
    HttpResponse otp(HttpRequest request) throws BadRequest {
        PhoneNumber phone;
        try {
            phone = PhoneNumber.of(request.queryParameter("phone").orElse(null));
        } catch (InvalidValue invalid) {
            throw new BadRequest(Problem.invalid(List.of(new FieldError("phone", invalid.getMessage()))));
        }
        Optional<View> view = views.get(Aggregates.OTP.stream(phone.value()));
        if (view.isEmpty()) {
            return HttpResponse.problem(Problem.of(404, "no-code-issued", "No code issued",
                    "nothing projected for this phone: no code issued, or not projected yet"));
        }
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
    }
    // end::otp-query[]

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
