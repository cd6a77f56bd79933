package cqrs.workbook.auth;

import cqrs.workbook.kernel.PhoneNumber;

// tag::authentication[]
/** What a request's {@code Authorization} header proves. */
public sealed interface Authentication {

    /** A valid token: its subject, the phone that signed in, is who asks. */
    record SignedIn(PhoneNumber subject) implements Authentication {}

    /** No bearer token was sent at all. */
    record NoToken() implements Authentication {}

    /** A token was sent and refused: malformed, expired, tampered, wrongly signed or unsigned. */
    record InvalidToken(String reason) implements Authentication {}
}
// end::authentication[]
