package cqrs.workbook.reaction;

import com.fasterxml.jackson.databind.JsonNode;
import cqrs.workbook.broker.PublishedEvent;
import cqrs.workbook.command.Aggregate;
import cqrs.workbook.command.CommandHandler;
import cqrs.workbook.command.Outcome;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.lambda.Log;
import cqrs.workbook.org.OrgCommand;
import cqrs.workbook.org.OrgCommand.MarkContactVerified;
import cqrs.workbook.org.OrgEvent;
import cqrs.workbook.org.OrgId;
import cqrs.workbook.org.OrgRejection;
import cqrs.workbook.org.OrgState;
import cqrs.workbook.otp.OtpEvent;
import cqrs.workbook.otp.OtpRejection;
import cqrs.workbook.projection.ViewStore;
import cqrs.workbook.service.OtpService;
import cqrs.workbook.service.OtpService.SmsNotSent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The event handler: events of one aggregate that cause commands on another.
 * <ul>
 * <li>an org registered with a contact phone, or whose contact phone changed, gets an OTP
 *     sent to that phone;</li>
 * <li>a verified OTP marks the contact phone verified on every org that gave that phone.</li>
 * </ul>
 * SQS delivers at least once, so every reaction must be harmless the second time; see
 * each method for how.
 */
public final class Reactions {

    private final OtpService otp;
    private final CommandHandler commands;
    private final Aggregate<OrgCommand, OrgState, OrgEvent, OrgRejection> org;
    private final ViewStore contacts;
    private final Clock clock;

    public Reactions(OtpService otp, CommandHandler commands,
                     Aggregate<OrgCommand, OrgState, OrgEvent, OrgRejection> org, ViewStore contacts, Clock clock) {
        this.otp = otp;
        this.commands = commands;
        this.org = org;
        this.contacts = contacts;
        this.clock = clock;
    }

    public void react(PublishedEvent event) {
        switch (event.type()) {
            case "OrgRegistered" -> contactPhoneGiven(event, true);
            case "OrgProfileUpdated" -> contactPhoneGiven(event, event.payload().path("contactPhoneChanged").asBoolean());
            case "OtpVerified" -> phoneVerified(event);
            default -> { } // nothing follows from the other events
        }
    }

    // tag::contact-phone-given[]
    /**
     * The org is remembered under its phone first, then the code is issued: so the index
     * holds the org before any verification of that code can exist. The otpId is derived
     * from the causing event's id, so a redelivered event asks for the same otpId, and the
     * OTP decider answers that this code is issued already: no second code, no second SMS.
     */
    private void contactPhoneGiven(PublishedEvent event, boolean isNewPhone) {
        JsonNode phone = event.payload().path("profile").path("contactPhone");
        if (!isNewPhone || !phone.isTextual()) {
            return;
        }
        contacts.addToSet(contactsOf(phone.asText()), event.aggregateId());
        String otpId = UUID.nameUUIDFromBytes(("otp for " + event.eventId()).getBytes(StandardCharsets.UTF_8))
                .toString();
        try {
            Outcome<OtpEvent, OtpRejection> outcome = otp.issue(PhoneNumber.of(phone.asText()), otpId);
            switch (outcome) {
                case Outcome.Accepted<OtpEvent, OtpRejection> a -> Log.line("reaction",
                        event.stream() + " v" + event.version() + " -> code issued to " + phone.asText());
                case Outcome.Unchanged<OtpEvent, OtpRejection> u -> Log.line("reaction",
                        event.stream() + " v" + event.version() + " seen before: code " + otpId + " is issued already");
                case Outcome.Rejected<OtpEvent, OtpRejection> r -> Log.line("reaction",
                        event.stream() + " v" + event.version() + " -> no code for " + phone.asText() + ": " + r.reason());
                default -> throw new IllegalStateException("issuing a code failed, to be retried: " + outcome);
            }
        } catch (SmsNotSent smsFailed) {
            // The code is issued; a retry would find it issued and send nothing. The org's
            // contact asks for a new code through POST /otp.
            Log.line("reaction", smsFailed.getMessage());
        }
    }
    // end::contact-phone-given[]

    // tag::phone-verified[]
    /**
     * Every org that gave this phone is told. The org decider ignores a phone that is no
     * longer the org's contact, and one that is verified already: a redelivery changes nothing.
     */
    private void phoneVerified(PublishedEvent event) {
        PhoneNumber phone = PhoneNumber.of(event.aggregateId());
        for (String orgId : contacts.members(contactsOf(phone.value()))) {
            OrgId id = OrgId.of(orgId);
            Outcome<OrgEvent, OrgRejection> outcome = commands.handle(org, orgId,
                    new MarkContactVerified(id, phone, clock.instant()), OptionalLong.empty());
            switch (outcome) {
                case Outcome.Accepted<OrgEvent, OrgRejection> a -> Log.line("reaction",
                        event.stream() + " verified -> org#" + orgId + " v" + a.version() + " contact verified");
                case Outcome.Unchanged<OrgEvent, OrgRejection> u -> Log.line("reaction",
                        event.stream() + " verified -> org#" + orgId + " unchanged");
                case Outcome.Rejected<OrgEvent, OrgRejection> r -> Log.line("reaction",
                        event.stream() + " verified -> org#" + orgId + " refused: " + r.reason());
                default -> throw new IllegalStateException("marking org#" + orgId + " failed, to be retried: " + outcome);
            }
        }
    }
    // end::phone-verified[]

    static String contactsOf(String phone) {
        return "contacts#" + phone;
    }
}
