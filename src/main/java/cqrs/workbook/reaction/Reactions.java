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
import cqrs.workbook.otp.application.OtpService.TooManyTexts;
import cqrs.workbook.otp.CodeFor;
import cqrs.workbook.org.OrgName;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The event handler: events of one aggregate that cause commands on another.
 * <ul>
 * <li>an org registered with a contact phone, or whose contact phone changed, gets a contact
 *     code texted to that phone, on the OTP stream of that org and phone;</li>
 * <li>a verified code of such a stream marks that org's contact verified; a verified sign-in
 *     code, on the phone's own stream, verifies nothing of any org.</li>
 * </ul>
 * SQS delivers at least once, so every reaction must be harmless the second time; see
 * each method for how.
 */
public final class Reactions {

    private final OtpService otp;
    private final CommandHandler commands;
    private final Aggregate<OrgCommand, OrgState, OrgEvent, OrgRejection> org;
    private final Clock clock;

    public Reactions(OtpService otp, CommandHandler commands,
                     Aggregate<OrgCommand, OrgState, OrgEvent, OrgRejection> org, Clock clock) {
        this.otp = otp;
        this.commands = commands;
        this.org = org;
        this.clock = clock;
    }

    /** The events are read back by their aggregates' codecs; what follows from each is named. */
    // tag::react[]
    public void react(PublishedEvent event) {
        if (Aggregates.ORG.owns(event.stream()) && Aggregates.ORG.codec().knows(event.type())) {
            switch (Aggregates.ORG.codec().fromPublicJson(event.type(), event.payload())) {
                case OrgRegistered registered -> contactPhoneGiven(event, registered.id(),
                        registered.profile().name(), registered.profile().contactPhone());
                case OrgProfileUpdated updated -> contactPhoneGiven(event, updated.id(),
                        updated.profile().name(),
                        updated.profile().contactPhone().filter(phone ->
                                updated.contactPhoneChanged()));
                case OrgContactVerified verified -> { }
            }
        } else if (Aggregates.OTP.owns(event.stream()) && Aggregates.OTP.codec().knows(event.type())) {
            switch (Aggregates.OTP.codec().fromPublicJson(event.type(), event.payload())) {
                case OtpVerified verified ->
                        codeVerified(event, CodeFor.ofStreamId(Aggregates.OTP.idOf(event.stream())));
                case OtpIssued issued -> { }
                case OtpAttemptFailed failed -> { }
                case OtpLocked locked -> { }
            }
        } else {
            log(event).warn(event.type() + " skipped: not an event type this handler knows");
        }
    }
    // end::react[]

    /**
     * Texts a contact code, on the stream of this org and phone: never the phone's sign-in
     * stream, so it supersedes no sign-in code, and no sign-in code can verify it. The otpId is
     * derived from the causing event's id, and the code from the otpId: a redelivered event asks
     * for the same otpId, the OTP decider answers that this code is issued already, the text
     * budget that its slot is taken, and the text goes out only if it had not gone out before.
     */
    private void contactPhoneGiven(PublishedEvent event, OrgId orgId, OrgName name,
            Optional<PhoneNumber> newPhone) {
        if (newPhone.isEmpty()) {
            return;
        }
        // tag::contact-phone-given[]
        PhoneNumber phone = newPhone.get();
        String otpId = UUID.nameUUIDFromBytes(("otp for " + event.eventId())
                .getBytes(StandardCharsets.UTF_8))
                .toString();
        // end::contact-phone-given[]
        try {
            Outcome<OtpEvent, OtpRejection> outcome = otp.issueContact(phone, orgId, name, otpId);
            switch (outcome) {
                case Outcome.Accepted<OtpEvent, OtpRejection> a ->
                        log(event).info("contact code issued to " + phone);
                case Outcome.Unchanged<OtpEvent, OtpRejection> u ->
                        log(event).info("seen before: contact code " + otpId + " is issued already");
                case Outcome.Rejected<OtpEvent, OtpRejection> r ->
                        log(event).info("no contact code for " + phone + ": " + r.reason());
                case Outcome.Failed<OtpEvent, OtpRejection> f ->
                        throw new IllegalStateException("issuing a code failed, to be retried: "
                                + f.failure());
            }
        } catch (TooManyTexts tooMany) {
            // The phone had its texts for the day: no code; the owner may ask again later.
            log(event).info("no contact code for " + phone + ": " + tooMany.getMessage());
        } catch (SmsNotSent smsFailed) {
            // The code is stored, its text not sent: failing the message lets SQS deliver it
            // again, and the redelivery texts the same code.
            throw new IllegalStateException(smsFailed.getMessage() + ", to be retried", smsFailed);
        }
    }

    /**
     * Only a contact code marks an org, and only the org of its stream: the code proves that
     * whoever holds the phone read that org's text and gave the code to the org's owner. A
     * sign-in code (the phone's own stream) verifies nothing of any org. The org decider
     * still ignores a phone that is no longer the org's contact, and one verified already:
     * a redelivery changes nothing.
     */
    private void codeVerified(PublishedEvent event, CodeFor codeFor) {
        switch (codeFor) {
            // tag::phone-verified[]
            case CodeFor.SignIn signIn -> log(event).info("verified -> a sign-in, of no org's contact");
            case CodeFor.Contact contact -> {
                String orgId = contact.org().toString();
                Outcome<OrgEvent, OrgRejection> outcome = commands.handle(org, orgId,
                        new MarkContactVerified(contact.org(), contact.phone(), clock.instant()),
                        OptionalLong.empty());
            // end::phone-verified[]
                switch (outcome) {
                    case Outcome.Accepted<OrgEvent, OrgRejection> a ->
                            log(event).info("verified -> org " + orgId + " v" + a.version()
                                    + " contact verified");
                    case Outcome.Unchanged<OrgEvent, OrgRejection> u ->
                            log(event).info("verified -> org " + orgId + " unchanged");
                    case Outcome.Rejected<OrgEvent, OrgRejection> r ->
                            log(event).info("verified -> org " + orgId + " refused: " + r.reason());
                    case Outcome.Failed<OrgEvent, OrgRejection> f -> throw new IllegalStateException(
                            "marking org " + orgId + " failed, to be retried: " + f.failure());
                }
            }
        }
    }

    private static Log.Line log(PublishedEvent event) {
        return Log.at("reaction").stream(event.stream()).version(event.version()).eventId(event.eventId());
    }
}
