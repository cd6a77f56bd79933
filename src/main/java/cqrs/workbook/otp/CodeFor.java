package cqrs.workbook.otp;

import cqrs.workbook.kernel.InvalidValue;
import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.org.OrgId;

/**
 * What a code is for, and so which stream holds it. A phone's sign-in codes live on the
 * phone's own stream; the codes that confirm it as an org's contact live on a stream of
 * that org and phone. Separate streams are what keep the two apart: issuing one never
 * supersedes the other, and verifying one never reads the other's code.
 */
public sealed interface CodeFor {

    PhoneNumber phone();

    /** The id of the OTP stream that holds these codes; the key its codes are hashed under. */
    String streamId();

    // tag::code-for[]
    /** Codes that sign a phone in: {@code otp#+6591234567}. */
    record SignIn(PhoneNumber phone) implements CodeFor {
        @Override
        public String streamId() {
            return phone.value();
        }
    }

    /**
     * Codes that confirm a phone as one org's contact: {@code otp#+6591234567/contact/<org id>}.
     */
    record Contact(PhoneNumber phone, OrgId org) implements CodeFor {
        @Override
        public String streamId() {
            return phone.value() + CONTACT + org;
        }
    }
    // end::code-for[]

    String CONTACT = "/contact/";

    /** Reads a stream id back: the one place that knows how the two kinds of stream are named. */
    static CodeFor ofStreamId(String streamId) {
        int at = streamId.indexOf(CONTACT);
        if (at < 0) {
            return new SignIn(PhoneNumber.recorded(streamId));
        }
        try {
            return new Contact(PhoneNumber.recorded(streamId.substring(0, at)),
                    OrgId.of(streamId.substring(at + CONTACT.length())));
        } catch (InvalidValue notAnOrg) {
            throw new IllegalArgumentException("not an OTP stream id: " + streamId, notAnOrg);
        }
    }
}
