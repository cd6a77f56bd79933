package cqrs.workbook.otp.application;

import cqrs.workbook.sms.SmsSender;
import cqrs.workbook.aggregate.Aggregate;
import cqrs.workbook.command.CommandHandler;
import cqrs.workbook.command.Outcome;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.log.Log;
import cqrs.workbook.otp.OtpCode;
import cqrs.workbook.otp.OtpCommand;
import cqrs.workbook.otp.OtpCommand.IssueOtp;
import cqrs.workbook.otp.OtpCommand.VerifyOtp;
import cqrs.workbook.otp.OtpDecider;
import cqrs.workbook.otp.OtpEvent;
import cqrs.workbook.otp.OtpEvent.OtpIssued;
import cqrs.workbook.otp.OtpRejection;
import cqrs.workbook.otp.OtpState;
import java.time.Clock;
import java.util.OptionalLong;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Issuing and verifying codes, for the HTTP gateway and the event handler alike: draws the
 * code, hands the command to the command handler, and sends the SMS once the event is in.
 */
public final class OtpService {

    /** A code was issued and its event stored, but the SMS did not go out. */
    public static final class SmsNotSent extends Exception {
        public SmsNotSent(String phone, SdkException cause) {
            super("no SMS sent to " + phone, cause);
        }
    }

    private final CommandHandler commands;
    private final Aggregate<OtpCommand, OtpState, OtpEvent, OtpRejection> otp;
    private final OtpCodes codes;
    private final SmsSender sms;
    private final Clock clock;

    public OtpService(CommandHandler commands, Aggregate<OtpCommand, OtpState, OtpEvent, OtpRejection> otp,
                      OtpCodes codes, SmsSender sms, Clock clock) {
        this.commands = commands;
        this.otp = otp;
        this.codes = codes;
        this.sms = sms;
        this.clock = clock;
    }

    // tag::issue[]
    public Outcome<OtpEvent, OtpRejection> issue(PhoneNumber phone, String otpId) throws SmsNotSent {
        OtpCode code = codes.draw();
        IssueOtp command = new IssueOtp(phone, otpId, codes.hash(phone, code), clock.instant());
        Outcome<OtpEvent, OtpRejection> outcome = commands.handle(otp, phone.value(), command, OptionalLong.empty());
        if (outcome instanceof Outcome.Accepted<OtpEvent, OtpRejection>(OtpIssued issued, long version)) {
            // The code leaves the system once, by SMS, and only after its hash is stored and
            // the event published: a refused command never sends a code.
            try {
                sms.sendCode(phone, code, OtpDecider.CODE_LIFETIME);
                Log.line("sms", "code sent to " + phone + " (otp " + issued.otpId() + ")");
            } catch (SdkException smsFailed) {
                Log.line("sms", "not sent to " + phone + ": " + smsFailed.getClass().getSimpleName());
                throw new SmsNotSent(phone.value(), smsFailed);
            }
        }
        return outcome;
    }
    // end::issue[]

    public Outcome<OtpEvent, OtpRejection> verify(PhoneNumber phone, OtpCode code) {
        VerifyOtp command = new VerifyOtp(phone, codes.hashes(phone, code), clock.instant());
        return commands.handle(otp, phone.value(), command, OptionalLong.empty());
    }
}
