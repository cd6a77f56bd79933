package cqrs.workbook.sms;

import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.otp.OtpCode;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** Sends a code by SMS through SNS: the only place where a code leaves the system in clear. */
public final class SmsSender {

    private final SnsClient sns;

    public SmsSender(SnsClient sns) {
        this.sns = sns;
    }

    // tag::texts[]
    /** Every text says what its code is for, so that a code asked for by someone else is recognised. */
    public static String signInText(OtpCode code, Duration lifetime) {
        return "Your sign-in code is " + code.digits() + ". It expires in " + lifetime.toMinutes()
                + " minutes. Do not share it.";
    }

    /** A contact code names the org that asks, and says to ignore it when unexpected. */
    public static String contactText(String orgName, OtpCode code, Duration lifetime) {
        return "\"" + orgName + "\" asks to list this number as its contact. Its code is "
                + code.digits() + " and expires in " + lifetime.toMinutes()
                + " minutes. Ignore this text if you did not expect it.";
    }
    // end::texts[]

    public void send(PhoneNumber phone, String message) {
        sns.publish(p -> p
                .phoneNumber(phone.value())
                .message(message)
                .messageAttributes(Map.of("AWS.SNS.SMS.SMSType", MessageAttributeValue.builder()
                        .dataType("String").stringValue("Transactional").build())));
    }
}
