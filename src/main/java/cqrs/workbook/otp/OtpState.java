package cqrs.workbook.otp;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The state of an OTP stream as far as decisions need it. Every state knows the recent
 * issue times, for the rate limit, and the otpIds of the codes before the current one, to
 * tell a superseded code from one this stream never issued.
 */
public sealed interface OtpState {

    List<Instant> recentIssues();

    /** The otpIds of the codes issued before the current one, newest first. */
    List<String> earlierOtpIds();

    /** The id of the code issued last, if any. */
    default Optional<String> currentOtpId() {
        return switch (this) {
            case NoCode none -> Optional.empty();
            case Pending p -> Optional.of(p.otpId());
            case Verified v -> Optional.of(v.otpId());
            case Locked l -> Optional.of(l.otpId());
        };
    }

    // tag::pending[]
    /** No code was ever issued. */
    record NoCode() implements OtpState {
        @Override
        public List<Instant> recentIssues() {
            return List.of();
        }

        @Override
        public List<String> earlierOtpIds() {
            return List.of();
        }
    }

    /** A code waits to be typed; {@code supersededCodeHashes}: the pending codes it replaced. */
    record Pending(String otpId, CodeHash codeHash, Instant expiresAt, int attemptsLeft,
                   List<Instant> recentIssues, List<String> earlierOtpIds,
                   List<CodeHash> supersededCodeHashes) implements OtpState {}

    // end::pending[]

    /** The current code was verified. */
    record Verified(String otpId, List<Instant> recentIssues, List<String> earlierOtpIds) implements OtpState {}

    /** The current code was locked by wrong attempts. */
    record Locked(String otpId, List<Instant> recentIssues, List<String> earlierOtpIds) implements OtpState {}
}
