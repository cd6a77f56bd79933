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

    public void sendCode(PhoneNumber phone, OtpCode code, Duration lifetime) {
        sns.publish(p -> p
                .phoneNumber(phone.value())
                .message("Your verification code is " + code.digits() + ". It expires in "
                        + lifetime.toMinutes() + " minutes.")
                .messageAttributes(Map.of("AWS.SNS.SMS.SMSType", MessageAttributeValue.builder()
                        .dataType("String").stringValue("Transactional").build())));
    }
}
