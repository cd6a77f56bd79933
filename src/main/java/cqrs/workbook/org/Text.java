package cqrs.workbook.org;

import cqrs.workbook.kernel.InvalidValue;

final class Text {

    private Text() {}

    /** Trims, then checks the length in Unicode code points, as a person counts characters. */
    static String trimmed(String raw, int min, int max) {
        if (raw == null) {
            throw new InvalidValue("is required");
        }
        String value = raw.strip();
        int length = value.codePointCount(0, value.length());
        if (length < min || length > max) {
            throw new InvalidValue("must be " + min + " to " + max + " characters once trimmed");
        }
        return value;
    }
}
