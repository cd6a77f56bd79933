package cqrs.workbook.gateway;

import cqrs.workbook.kernel.InvalidValue;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** An otpId as a client sends it back: the UUID that {@code POST /otp} answered, in its canonical form. */
final class OtpIds {

    private OtpIds() {}

    static String of(String raw) {
        return valid(raw).orElseThrow(() -> new InvalidValue("must be the otpId that POST /otp answered (a UUID)"));
    }

    static Optional<String> valid(String raw) {
        if (raw == null || raw.length() != 36) {
            return Optional.empty();
        }
        try {
            String canonical = UUID.fromString(raw).toString();
            return canonical.equals(raw.toLowerCase(Locale.ROOT)) ? Optional.of(canonical) : Optional.empty();
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }
}
