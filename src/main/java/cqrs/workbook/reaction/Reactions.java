package cqrs.workbook.reaction;

import cqrs.workbook.aggregate.Aggregates;
import cqrs.workbook.broker.PublishedEvent;
import cqrs.workbook.aggregate.Aggregate;
import cqrs.workbook.command.CommandHandler;
import cqrs.workbook.command.Outcome;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.log.Log;
import cqrs.workbook.org.OrgCommand;
import cqrs.workbook.org.OrgCommand.MarkContactVerified;
import cqrs.workbook.org.OrgEvent;
import cqrs.workbook.org.OrgEvent.OrgContactVerified;
import cqrs.workbook.org.OrgEvent.OrgProfileUpdated;
import cqrs.workbook.org.OrgEvent.OrgRegistered;
import cqrs.workbook.org.OrgId;
import cqrs.workbook.org.OrgRejection;
import cqrs.workbook.org.OrgState;
import cqrs.workbook.otp.OtpEvent;
import cqrs.workbook.otp.OtpEvent.OtpAttemptFailed;
import cqrs.workbook.otp.OtpEvent.OtpIssued;
import cqrs.workbook.otp.OtpEvent.OtpLocked;
import cqrs.workbook.otp.OtpEvent.OtpVerified;
import cqrs.workbook.otp.OtpRejection;
import cqrs.workbook.otp.application.OtpService;
import cqrs.workbook.otp.application.OtpService.SmsNotSent;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The event handler: events of one aggregate that cause commands on another.
 * <ul>
 * <li>an org registered with a contact phone, or whose contact phone changed, gets an OTP
 *     sent to that phone;</li>
 * <li>a verified OTP that was issued for an org's contact marks that org's contact verified;
 *     any other verification of the same phone (a sign-in, say) verifies nothing of any org.</li>
 * </ul>
 * SQS delivers at least once, so every reaction must be harmless the second time; see
 * each method for how.
 */
public final class Reactions {

    private final OtpService otp;
    private final CommandHandler commands;
    private final Aggregate<OrgCommand, OrgState, OrgEvent, OrgRejection> org;
    private final ContactsIndex contacts;
    private final Clock clock;

    public Reactions(OtpService otp, CommandHandler commands,
                     Aggregate<OrgCommand, OrgState, OrgEvent, OrgRejection> org, ContactsIndex contacts, Clock clock) {
        this.otp = otp;
        this.commands = commands;
        this.org = org;
        this.contacts = contacts;
        this.clock = clock;
    }

    // tag::react[]
    /** The events are read back by their aggregates' codecs; what follows from each is named. */
    public void react(PublishedEvent event) {
        if (Aggregates.ORG.owns(event.stream()) && Aggregates.ORG.codec().knows(event.type())) {
            contactPhoneGiven(event, contactPhoneGiven(Aggregates.ORG.codec().fromPublicJson(event.type(), event.payload())));
        } else if (Aggregates.OTP.owns(event.stream()) && Aggregates.OTP.codec().knows(event.type())) {
            switch (Aggregates.OTP.codec().fromPublicJson(event.type(), event.payload())) {
                case OtpVerified verified ->
                        codeVerified(event, verified.otpId(), PhoneNumber.recorded(Aggregates.OTP.idOf(event.stream())));
                case OtpIssued issued -> { }
                case OtpAttemptFailed failed -> { }
                case OtpLocked locked -> { }
            }
        } else {
            log(event).warn(event.type() + " skipped: not an event type this handler knows");
        }
    }
    // end::react[]

    /** The contact phone an org event asks to verify: a registration's, or a changed one. */
    public static Optional<PhoneNumber> contactPhoneGiven(OrgEvent event) {
        return switch (event) {
            case OrgRegistered registered -> registered.profile().contactPhone();
            case OrgProfileUpdated updated -> updated.profile().contactPhone().filter(phone -> updated.contactPhoneChanged());
            case OrgContactVerified verified -> Optional.empty();
        };
    }

    // tag::contact-phone-given[]
    /**
     * The org is remembered under the code's otpId first, then the code is issued: so the
     * index holds the org before any verification of that code can exist. The otpId is derived
     * from the causing event's id, so a redelivered event asks for the same otpId, and the
     * OTP decider answers that this code is issued already: no second code, no second SMS.
     */
    private void contactPhoneGiven(PublishedEvent event, Optional<PhoneNumber> newPhone) {
        if (newPhone.isEmpty()) {
            return;
        }
        PhoneNumber phone = newPhone.get();
        String otpId = ContactsIndex.otpIdFor(event.eventId());
        contacts.remember(otpId, Aggregates.ORG.idOf(event.stream()));
        try {
            Outcome<OtpEvent, OtpRejection> outcome = otp.issue(phone, otpId);
            switch (outcome) {
                case Outcome.Accepted<OtpEvent, OtpRejection> a -> log(event).info("code issued to " + phone);
                case Outcome.Unchanged<OtpEvent, OtpRejection> u ->
                        log(event).info("seen before: code " + otpId + " is issued already");
                case Outcome.Rejected<OtpEvent, OtpRejection> r ->
                        log(event).info("no code for " + phone + ": " + r.reason());
                case Outcome.Failed<OtpEvent, OtpRejection> f ->
                        throw new IllegalStateException("issuing a code failed, to be retried: " + f.failure());
            }
        } catch (SmsNotSent smsFailed) {
            // The code is issued; a retry would find it issued and send nothing. The org's
            // contact asks for a new code through POST /otp.
            log(event).warn(smsFailed.getMessage());
        }
    }
    // end::contact-phone-given[]

    // tag::phone-verified[]
    /**
     * Only the org the verified code was issued for is told: the code proves that whoever
     * holds the phone read that org's SMS. A code the event handler did not issue (a sign-in,
     * a code asked for through POST /otp) is found in no index and verifies nothing. The org
     * decider still ignores a phone that is no longer the org's contact, and one verified
     * already: a redelivery changes nothing.
     */
    private void codeVerified(PublishedEvent event, String otpId, PhoneNumber phone) {
        Optional<String> contactOf = contacts.orgOf(otpId);
        if (contactOf.isEmpty()) {
            log(event).info("verified -> code " + otpId + " was issued for no org's contact");
            return;
        }
        String orgId = contactOf.get();
        Outcome<OrgEvent, OrgRejection> outcome = commands.handle(org, orgId,
                new MarkContactVerified(OrgId.of(orgId), phone, clock.instant()), OptionalLong.empty());
        switch (outcome) {
            case Outcome.Accepted<OrgEvent, OrgRejection> a ->
                    log(event).info("verified -> org " + orgId + " v" + a.version() + " contact verified");
            case Outcome.Unchanged<OrgEvent, OrgRejection> u ->
                    log(event).info("verified -> org " + orgId + " unchanged");
            case Outcome.Rejected<OrgEvent, OrgRejection> r ->
                    log(event).info("verified -> org " + orgId + " refused: " + r.reason());
            case Outcome.Failed<OrgEvent, OrgRejection> f -> throw new IllegalStateException(
                    "marking org " + orgId + " failed, to be retried: " + f.failure());
        }
    }
    // end::phone-verified[]

    private static Log.Line log(PublishedEvent event) {
        return Log.at("reaction").stream(event.stream()).version(event.version()).eventId(event.eventId());
    }
}
