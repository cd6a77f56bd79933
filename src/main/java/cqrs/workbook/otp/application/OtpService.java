package cqrs.workbook.otp.application;

import cqrs.workbook.aggregate.Aggregate;
import cqrs.workbook.command.CommandHandler;
import cqrs.workbook.command.Outcome;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.log.Log;
import cqrs.workbook.org.OrgId;
import cqrs.workbook.org.OrgName;
import cqrs.workbook.otp.CodeFor;
import cqrs.workbook.otp.OtpCode;
import cqrs.workbook.otp.OtpCommand;
import cqrs.workbook.otp.OtpCommand.IssueOtp;
import cqrs.workbook.otp.OtpCommand.VerifyOtp;
import cqrs.workbook.otp.OtpDecider;
import cqrs.workbook.otp.OtpEvent;
import cqrs.workbook.otp.OtpEvent.OtpIssued;
import cqrs.workbook.otp.OtpRejection;
import cqrs.workbook.otp.OtpState;
import cqrs.workbook.sms.SmsSender;
import cqrs.workbook.sms.TextBudget;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Issuing and verifying codes, for the HTTP gateway and the event handler alike: takes a
 * slot of the phone's text budget, hands the command to the command handler, and sends the
 * SMS once the event is in.
 */
public final class OtpService {

    /** A code was issued and its event stored, but the SMS did not go out. */
    public static final class SmsNotSent extends Exception {
        public SmsNotSent(String phone, SdkException cause) {
            super("no SMS sent to " + phone, cause);
        }
    }

    /** The phone had its texts for the day: no code was issued. */
    public static final class TooManyTexts extends Exception {
        private final transient Duration retryAfter;

        public TooManyTexts(Duration retryAfter) {
            super("the phone had " + TextBudget.TEXTS_PER_DAY + " texts in the last 24 hours", null, false, false);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    private final CommandHandler commands;
    private final Aggregate<OtpCommand, OtpState, OtpEvent, OtpRejection> otp;
    private final OtpCodes codes;
    private final SmsSender sms;
    private final TextBudget budget;
    private final Clock clock;

    public OtpService(CommandHandler commands, Aggregate<OtpCommand, OtpState, OtpEvent, OtpRejection> otp,
                      OtpCodes codes, SmsSender sms, TextBudget budget, Clock clock) {
        this.commands = commands;
        this.otp = otp;
        this.codes = codes;
        this.sms = sms;
        this.budget = budget;
        this.clock = clock;
    }

    /** A sign-in code for {@code phone}, on the phone's own stream. */
    public Outcome<OtpEvent, OtpRejection> issueSignIn(PhoneNumber phone, String otpId)
            throws SmsNotSent, TooManyTexts {
        return issue(new CodeFor.SignIn(phone), otpId,
                code -> SmsSender.signInText(code, OtpDecider.CODE_LIFETIME));
    }

    /** The phone's sign-in code {@code otpId}, while it is the pending one: what a retried issue answers. */
    public Optional<OtpState.Pending> pendingSignIn(PhoneNumber phone, String otpId) {
        return commands.state(otp, new CodeFor.SignIn(phone).streamId()) instanceof OtpState.Pending pending
                && pending.otpId().equals(otpId) ? Optional.of(pending) : Optional.empty();
    }

    /** A code that confirms {@code phone} as the contact of the org {@code org}, named in the text. */
    public Outcome<OtpEvent, OtpRejection> issueContact(PhoneNumber phone, OrgId org, OrgName name, String otpId)
            throws SmsNotSent, TooManyTexts {
        return issue(new CodeFor.Contact(phone, org), otpId,
                code -> SmsSender.contactText(name.value(), code, OtpDecider.CODE_LIFETIME));
    }

    // tag::issue[]
    private Outcome<OtpEvent, OtpRejection> issue(CodeFor subject, String otpId,
            Function<OtpCode, String> text) throws SmsNotSent, TooManyTexts {
        PhoneNumber phone = subject.phone();
        Optional<Duration> noSlot = budget.take(phone, otpId);
        if (noSlot.isPresent()) {
            throw new TooManyTexts(noSlot.get());
        }
        String keyId = codes.currentKeyId();
        OtpCode code = codes.code(keyId, subject, otpId);
        IssueOtp command = new IssueOtp(phone, otpId, codes.hash(subject, code), clock.instant());
        Outcome<OtpEvent, OtpRejection> outcome = commands.handle(otp, subject.streamId(), command,
                OptionalLong.empty());
        switch (outcome) {
            // The code leaves the system by SMS, and only after its hash is stored: a refused
            // command sends no code, and gives its slot back.
            case Outcome.Accepted<OtpEvent, OtpRejection> accepted ->
                    text(phone, otpId, text.apply(code));
            case Outcome.Rejected<OtpEvent, OtpRejection> rejected -> budget.giveBack(phone, otpId);
    // end::issue[]
            // Issued already (a redelivered event): texted once at most. If the text did not
            // go out before, the same otpId makes the same code, under the key it was stored with.
            case Outcome.Unchanged<OtpEvent, OtpRejection> unchanged -> {
                if (commands.state(otp, subject.streamId()) instanceof OtpState.Pending pending
                        && pending.otpId().equals(otpId) && clock.instant()
                        .isBefore(pending.expiresAt()) && !budget.texted(phone, otpId)) {
                    text(phone, otpId, text.apply(codes.code(pending.codeHash().keyId(), subject,
                            otpId)));
                }
            }
            // Nothing stored, nothing to text: the slot goes back. An event stored but not
            // published keeps its slot, since its code exists.
            case Outcome.Failed<OtpEvent, OtpRejection>(Outcome.Failure failure) -> {
                if (!(failure instanceof Outcome.Failure.StoredNotPublished)) {
                    budget.giveBack(phone, otpId);
                }
            }
        }
        return outcome;
    }

    private void text(PhoneNumber phone, String otpId, String message) throws SmsNotSent {
        try {
            sms.send(phone, message);
        } catch (SdkException smsFailed) {
            Log.line("sms", "not sent to " + phone + ": " + smsFailed.getClass().getSimpleName());
            throw new SmsNotSent(phone.value(), smsFailed);
        }
        budget.markTexted(phone, otpId);
        Log.line("sms", "code sent to " + phone + " (otp " + otpId + ")");
    }

    /** Verifies a sign-in code: only the one whose otpId the caller was answered. */
    public Outcome<OtpEvent, OtpRejection> verifySignIn(PhoneNumber phone, String otpId, OtpCode code) {
        CodeFor subject = new CodeFor.SignIn(phone);
        return commands.handle(otp, subject.streamId(),
                new VerifyOtp(phone, Optional.of(otpId), codes.hashes(subject, code), clock.instant()),
                OptionalLong.empty());
    }

    /** Verifies the current contact code of an org and phone; the caller made sure it is the org's owner. */
    public Outcome<OtpEvent, OtpRejection> verifyContact(PhoneNumber phone, OrgId org, OtpCode code) {
        CodeFor subject = new CodeFor.Contact(phone, org);
        return commands.handle(otp, subject.streamId(),
                new VerifyOtp(phone, codes.hashes(subject, code), clock.instant()), OptionalLong.empty());
    }
}
