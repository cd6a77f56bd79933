package cqrs.workbook.otp;

import cqrs.workbook.kernel.InvalidValue;
import java.util.regex.Pattern;

/** A one-time code as a person types it: exactly six digits. Never printed. */
public record OtpCode(String digits) {

    private static final Pattern SIX_DIGITS = Pattern.compile("[0-9]{6}");

    public OtpCode {
        if (digits == null || !SIX_DIGITS.matcher(digits).matches()) {
            throw new InvalidValue("must be exactly 6 digits");
        }
    }

    public static OtpCode of(String digits) {
        return new OtpCode(digits);
    }

    /** A code must not reach a log line by accident, not even through a record's toString. */
    @Override
    public String toString() {
        return "OtpCode[******]";
    }
}
