package cqrs.workbook.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.broker.PublishedEvent;
import cqrs.workbook.json.Json;
import cqrs.workbook.otp.OtpDecider;

/**
 * The views as folds over published events: {@code next = apply(current, event)}, the
 * same shape as a decider's evolve. They read the public payloads only.
 */
public final class Views {

    private Views() {}

    /** True when the event alone determines its view, whatever came before. */
    public static boolean restates(PublishedEvent event) {
        return switch (event.type()) {
            case "OrgRegistered", "OrgProfileUpdated", "OtpIssued" -> true;
            default -> false;
        };
    }

    public static ObjectNode apply(ObjectNode current, PublishedEvent event) {
        ObjectNode next = switch (event.aggregate()) {
            case "org" -> org(current, event);
            case "otp" -> otp(current, event);
            default -> throw new IllegalArgumentException("no view for stream " + event.stream());
        };
        next.put("version", event.version());
        return next;
    }

    // tag::org-view[]
    /** {@code GET /orgs/{id}}: the profile, its id, whether its contact phone is verified. */
    static ObjectNode org(ObjectNode current, PublishedEvent event) {
        JsonNode payload = event.payload();
        return switch (event.type()) {
            case "OrgRegistered" -> profile(event, payload.path("profile"), false);
            case "OrgProfileUpdated" ->
                    profile(event, payload.path("profile"), payload.path("contactVerified").asBoolean());
            case "OrgContactVerified" -> required(current, event).deepCopy().put("contactVerified", true);
            default -> throw new IllegalArgumentException("unknown org event " + event.type());
        };
    }
    // end::org-view[]

    // tag::otp-view[]
    /** {@code GET /otp?phone=}: the status of the phone's current code; never the code, never its hash. */
    static ObjectNode otp(ObjectNode current, PublishedEvent event) {
        JsonNode payload = event.payload();
        return switch (event.type()) {
            case "OtpIssued" -> Json.PUBLIC.createObjectNode()
                    .put("phone", event.aggregateId())
                    .put("status", "PENDING")
                    .put("attemptsLeft", OtpDecider.ATTEMPTS_PER_CODE)
                    .put("expiresAt", payload.path("expiresAt").asText());
            case "OtpAttemptFailed" -> required(current, event).deepCopy()
                    .put("attemptsLeft", payload.path("attemptsLeft").asInt());
            case "OtpVerified" -> required(current, event).deepCopy().put("status", "VERIFIED");
            case "OtpLocked" -> required(current, event).deepCopy().put("status", "LOCKED").put("attemptsLeft", 0);
            default -> throw new IllegalArgumentException("unknown otp event " + event.type());
        };
    }
    // end::otp-view[]

    private static ObjectNode profile(PublishedEvent event, JsonNode profile, boolean contactVerified) {
        ObjectNode view = Json.PUBLIC.createObjectNode().put("id", event.aggregateId());
        view.set("name", profile.path("name"));
        view.set("location", profile.path("location"));
        if (profile.hasNonNull("website")) {
            view.set("website", profile.path("website"));
        }
        if (profile.hasNonNull("contactPhone")) {
            view.set("contactPhone", profile.path("contactPhone"));
        }
        return view.put("contactVerified", contactVerified);
    }

    private static ObjectNode required(ObjectNode current, PublishedEvent event) {
        if (current == null) {
            throw new IllegalStateException(event.type() + " v" + event.version() + " of " + event.stream()
                    + " needs the view that came before it");
        }
        return current;
    }
}
