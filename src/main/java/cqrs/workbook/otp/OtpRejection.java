package cqrs.workbook.otp;

import java.time.Duration;

/** Why an OTP command may be refused, as values the gateway maps to HTTP answers. */
public sealed interface OtpRejection {

    /** The phone already had the maximum number of codes within the window. */
    record TooManyCodes(Duration retryAfter) implements OtpRejection {}

    /** No code was ever issued to this phone. */
    record NoCodeIssued() implements OtpRejection {}

    /** Too many wrong attempts: the code is locked until a new one is issued. */
    record CodeLocked() implements OtpRejection {}

    /** The code lived longer than its lifetime. */
    record CodeExpired() implements OtpRejection {}

    /** The code was verified already: it is good for one use only. */
    record CodeAlreadyUsed() implements OtpRejection {}
}
