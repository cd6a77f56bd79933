package cqrs.workbook.otp;

import java.time.Duration;

/** Why an OTP command may be refused, as values the gateway maps to HTTP answers. */
public sealed interface OtpRejection {

    /** The phone already had the maximum number of codes within the window. */
    record TooManyCodes(Duration retryAfter) implements OtpRejection {}

    /**
     * No such code: none was ever issued on this stream, or the otpId given names no code of
     * it. Nothing is recorded, so a stranger can neither spend nor lock a code it did not ask for.
     */
    record NoCodeIssued() implements OtpRejection {}

    /** The otpId names an earlier code of this stream: a newer code replaced it. */
    record CodeSuperseded() implements OtpRejection {}

    /** Too many wrong attempts: the code is locked until a new one is issued. */
    record CodeLocked() implements OtpRejection {}

    /** The code lived longer than its lifetime. */
    record CodeExpired() implements OtpRejection {}

    /** The code was verified already: it is good for one use only. */
    record CodeAlreadyUsed() implements OtpRejection {}
}
