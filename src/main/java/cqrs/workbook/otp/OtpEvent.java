package cqrs.workbook.otp;

import java.time.Instant;
import java.util.List;

/** What has happened to a phone's OTP stream, in the past tense. */
public sealed interface OtpEvent {

    String otpId();

    // tag::events[]
    /**
     * A code was issued. {@code recentIssues} lists the issue times within the rate-limit
     * window, this one included: the event restates all that the next decision needs.
     */
    record OtpIssued(String otpId, CodeHash codeHash, Instant issuedAt, Instant expiresAt,
                     List<Instant> recentIssues) implements OtpEvent {
        public OtpIssued {
            recentIssues = List.copyOf(recentIssues);
        }
    }

    /** The right code was typed in time. */
    record OtpVerified(String otpId, Instant verifiedAt) implements OtpEvent {}

    /** A wrong code was typed; {@code attemptsLeft} is at least 1. */
    record OtpAttemptFailed(String otpId, int attemptsLeft, Instant failedAt) implements OtpEvent {}

    /** The last allowed attempt was wrong: the code is locked until a new one is issued. */
    record OtpLocked(String otpId, Instant lockedAt) implements OtpEvent {}
    // end::events[]
}
