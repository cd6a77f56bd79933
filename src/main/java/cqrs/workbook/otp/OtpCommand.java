package cqrs.workbook.otp;

import cqrs.workbook.kernel.PhoneNumber;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What a client may ask of a phone's OTP stream. Time and random values come in here. */
public sealed interface OtpCommand {

    PhoneNumber phone();

    Instant at();

    /**
     * Issue a new code to the phone; {@code otpId} and the code's hash were drawn by the
     * caller. Issuing again with the otpId of the current code changes nothing, which makes
     * a redelivered request harmless.
     */
    // tag::commands[]
    record IssueOtp(PhoneNumber phone, String otpId, CodeHash codeHash,
            Instant at) implements OtpCommand {}

    /**
     * Check a code typed by a person, given as its keyed hashes: one per key the system
     * holds, so that a code hashed before a key rotation still verifies after it.
     * {@code otpId} names the code the typist asked for: a sign-in verifies only the code whose
     * otpId its own {@code POST /otp} answered. Empty means the stream's current code, for a
     * stream whose callers are bound otherwise (an org's contact codes: its owner's token).
     */
    record VerifyOtp(PhoneNumber phone, Optional<String> otpId, List<CodeHash> attempt, Instant at)
            implements OtpCommand {
        public VerifyOtp {
            attempt = List.copyOf(attempt);
        }

        /** The stream's current code, whatever its otpId. */
        public VerifyOtp(PhoneNumber phone, List<CodeHash> attempt, Instant at) {
            this(phone, Optional.empty(), attempt, at);
        }
    }
    // end::commands[]
}
