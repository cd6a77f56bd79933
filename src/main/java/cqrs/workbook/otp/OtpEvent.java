package cqrs.workbook.otp;

import java.time.Instant;
import java.util.List;

/** What has happened to a phone's OTP stream, in the past tense. */
public sealed interface OtpEvent {

    String otpId();

    // tag::events[]
    /**
     * A code was issued. {@code recentIssues} lists the issue times within the rate-limit
     * window, this one included; {@code earlierOtpIds} the otpIds of the stream's codes before
     * this one, newest first (the first is the code this one supersedes); {@code
     * supersededCodeHashes} the hashes of the codes it supersedes that were still pending, so
     * that typing one is told apart from a wrong code. The event restates all that the next
     * decision needs.
     */
    record OtpIssued(String otpId, CodeHash codeHash, Instant issuedAt, Instant expiresAt,
                     List<Instant> recentIssues, List<String> earlierOtpIds,
                     List<CodeHash> supersededCodeHashes) implements OtpEvent {
        public OtpIssued {
            recentIssues = List.copyOf(recentIssues);
            // Stored before codes remembered their predecessors (or read from the public
            // form, which carries no hash): none known.
            earlierOtpIds = earlierOtpIds == null ? List.of() : List.copyOf(earlierOtpIds);
            supersededCodeHashes = supersededCodeHashes == null ? List.of()
                    : List.copyOf(supersededCodeHashes);
        }

        public OtpIssued(String otpId, CodeHash codeHash, Instant issuedAt, Instant expiresAt,
                         List<Instant> recentIssues, List<String> earlierOtpIds) {
            this(otpId, codeHash, issuedAt, expiresAt, recentIssues, earlierOtpIds, List.of());
        }

        /** The first code of a stream: nothing before it. */
        public OtpIssued(String otpId, CodeHash codeHash, Instant issuedAt, Instant expiresAt,
                         List<Instant> recentIssues) {
            this(otpId, codeHash, issuedAt, expiresAt, recentIssues, List.of(), List.of());
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
