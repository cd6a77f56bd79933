package cqrs.workbook.projection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import cqrs.workbook.json.Json;
import cqrs.workbook.org.OrgEvent;
import cqrs.workbook.org.OrgEvent.OrgContactVerified;
import cqrs.workbook.org.OrgEvent.OrgProfileUpdated;
import cqrs.workbook.org.OrgEvent.OrgRegistered;
import cqrs.workbook.org.OrgProfile;
import cqrs.workbook.otp.OtpDecider;
import cqrs.workbook.otp.OtpEvent;
import cqrs.workbook.otp.OtpEvent.OtpAttemptFailed;
import cqrs.workbook.otp.OtpEvent.OtpIssued;
import cqrs.workbook.otp.OtpEvent.OtpLocked;
import cqrs.workbook.otp.OtpEvent.OtpVerified;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The views as folds over events: {@code next = apply(current, event)}, the same shape as a
 * decider's evolve. The events are read back from their public form by the aggregates'
 * codecs, so each fold is a switch over the sealed events with no default: a new event type
 * does not compile until its view says what it does.
 */
public final class Views {

    private Views() {}

    /** How one aggregate's events fold into its view. {@code current} is null before the first event. */
    @FunctionalInterface
    public interface Fold<E> {
        ObjectNode apply(ObjectNode current, String id, E event);
    }

    // tag::org-view[]
    /** {@code GET /orgs/{id}}: the profile, its id, whether its contact phone is verified. */
    public static ObjectNode org(ObjectNode current, String id, OrgEvent event) {
        return switch (event) {
            case OrgRegistered registered -> profile(id, registered.profile(), false);
            case OrgProfileUpdated updated -> profile(id, updated.profile(), updated.contactVerified());
            case OrgContactVerified verified -> required(current, event).deepCopy()
                    .put("contactVerified", true);
        };
    }
    // end::org-view[]

    /**
     * {@code GET /otp/{otpId}}: the status of one code, keyed by its otpId, which only the
     * one who asked for the code knows; never the phone, never the code, never its hash. The
     * stream's events for other codes leave it as it is, except the issue that supersedes it.
     */
    // tag::otp-view[]
    public static ObjectNode otpCode(ObjectNode current, String otpId, OtpEvent event) {
        return switch (event) {
            case OtpIssued issued when issued.otpId().equals(otpId) -> Json.PUBLIC.createObjectNode()
                    .put("otpId", otpId)
                    .put("status", "PENDING")
                    .put("attemptsLeft", OtpDecider.ATTEMPTS_PER_CODE)
                    .put("expiresAt", issued.expiresAt().toString());
            case OtpIssued issued when current != null && issued.earlierOtpIds().contains(otpId)
                    && "PENDING".equals(current.path("status").asText())
                    && issued.issuedAt().isBefore(Instant.parse(current.path("expiresAt").asText())) ->
                    current.deepCopy().put("status", "SUPERSEDED");
            case OtpIssued other -> current;
            case OtpAttemptFailed failed when failed.otpId().equals(otpId) ->
                    required(current, event).deepCopy().put("attemptsLeft", failed.attemptsLeft());
            case OtpVerified verified when verified.otpId().equals(otpId) ->
                    required(current, event).deepCopy().put("status", "VERIFIED");
            case OtpLocked locked when locked.otpId().equals(otpId) ->
                    required(current, event).deepCopy().put("status", "LOCKED").put("attemptsLeft", 0);
            case OtpAttemptFailed other -> current;
            case OtpVerified other -> current;
            case OtpLocked other -> current;
        };
    }
    // end::otp-view[]

    /** Where a code's view is kept in the read store. */
    public static String otpCodeKey(String otpId) {
        return "otp-code#" + otpId;
    }

    /** The views an OTP event changes: its code's, and the one of the code it supersedes. */
    public static List<String> otpCodeViews(OtpEvent event) {
        List<String> ids = new ArrayList<>(List.of(event.otpId()));
        if (event instanceof OtpIssued issued && !issued.earlierOtpIds().isEmpty()) {
            ids.add(issued.earlierOtpIds().getFirst());
        }
        return ids;
    }

    private static ObjectNode profile(String id, OrgProfile profile, boolean contactVerified) {
        ObjectNode view = Json.PUBLIC.createObjectNode().put("id", id);
        view.setAll((ObjectNode) Json.PUBLIC.valueToTree(profile));
        return view.put("contactVerified", contactVerified);
    }

    private static ObjectNode required(ObjectNode current, Object event) {
        if (current == null) {
            throw new IllegalStateException(event.getClass().getSimpleName() + " needs the view that came before it");
        }
        return current;
    }
}
