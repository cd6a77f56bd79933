package cqrs.workbook.org;

import cqrs.workbook.kernel.InvalidValue;

// tag::value-object[]
/** A company's name: 1 to 100 characters once trimmed; kept trimmed. */
public record OrgName(String value) {

    public static final int MAX_LENGTH = 100;

    public OrgName {
        value = Text.trimmed(value, 1, MAX_LENGTH);
    }
    // end::value-object[]

    public static OrgName of(String value) {
        return new OrgName(value);
    }
}
