package cqrs.workbook.kernel;

import java.util.regex.Pattern;

/** A phone number in E.164 form: {@code +} then 8 to 15 digits. Shared by otp and org. */
public record PhoneNumber(String value) {

    private static final Pattern E164 = Pattern.compile("\\+[0-9]{8,15}");

    public PhoneNumber {
        if (value == null || !E164.matcher(value).matches()) {
            throw new InvalidValue("must be an E.164 phone number: + then 8 to 15 digits");
        }
    }

    public static PhoneNumber of(String value) {
        return new PhoneNumber(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
