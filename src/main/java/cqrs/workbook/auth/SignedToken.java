package cqrs.workbook.auth;

import java.time.Instant;

/** A token as its holder receives it: the compact JWS, and when it stops being accepted. */
public record SignedToken(String compact, Instant expiresAt) {

    @Override
    public String toString() {
        return "SignedToken[expiresAt=" + expiresAt + "]"; // a bearer token is a secret: never logged
    }
}
