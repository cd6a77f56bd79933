package cqrs.workbook.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import cqrs.workbook.kernel.InvalidValue;
import cqrs.workbook.kernel.PhoneNumber;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Signing a phone in, and checking the tokens that say so. Tokens are ES256 JWTs whose
 * signature KMS makes; they are checked here, in the function, against the public key
 * that {@link KmsSigningKey} fetched once.
 */
public final class Tokens {

    /** A token is accepted for one hour after sign-in; the contract allows no more. */
    public static final Duration LIFETIME = Duration.ofHours(1);
    /** Clocks of two machines disagree a little: a token this close to its limits still counts. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final KmsSigningKey key;
    private final String issuer;
    private final Clock clock;

    public Tokens(KmsSigningKey key, String issuer, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** A token whose subject is {@code phone}, for the phone that just verified a code. */
    public SignedToken issue(PhoneNumber phone) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS); // JWT times are whole seconds
        Instant expiresAt = now.plus(LIFETIME);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(JOSEObjectType.JWT)
                .keyID(key.publicJwk().getKeyID())
                .build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience())
                .subject(phone.value())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(key); // KMS signs; the private key never leaves it
        } catch (JOSEException failed) {
            throw new IllegalStateException("the token could not be signed: " + failed.getMessage(),
                    failed);
        }
        return new SignedToken(jwt.serialize(), expiresAt);
    }

    /** The API the tokens are for: this one, named as it names itself when it issues them. */
    public String audience() {
        return issuer;
    }

    /**
     * Reads {@code Authorization: Bearer <token>}. The token must be in the one canonical
     * encoding, parse as a JWS (an {@code alg: none} token does not), say {@code typ: JWT},
     * name ES256 and this key, carry a signature that the cached public key verifies, come
     * from this issuer for this audience, live at most {@link #LIFETIME}, and be within its
     * lifetime as the injected clock sees it, give or take {@link #CLOCK_SKEW}.
     */
    public Authentication authenticate(Optional<String> authorization) {
        Optional<String> token = authorization.map(String::strip)
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).strip());
        if (token.isEmpty()) {
            return new Authentication.NoToken();
        }
        Optional<String> notCanonical = CanonicalJws.defect(token.get());
        if (notCanonical.isPresent()) {
            return new Authentication.InvalidToken(notCanonical.get());
        }
        // tag::verify-token[]
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token.get());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException notAJws) {
            return new Authentication.InvalidToken("the token is not a signed JWT");
        }
        ECKey publicKey = key.publicJwk();
        if (!JOSEObjectType.JWT.equals(jwt.getHeader().getType())) {
            return new Authentication.InvalidToken("the token's header does not say typ JWT");
        }
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())
                || !publicKey.getKeyID().equals(jwt.getHeader().getKeyID())) {
            return new Authentication.InvalidToken("the token is not signed with this service's key");
        }
        try {
            if (!jwt.verify(new ECDSAVerifier(publicKey))) {
                return new Authentication.InvalidToken("the token's signature does not verify");
            }
        } catch (JOSEException unverifiable) {
            return new Authentication.InvalidToken("the token's signature does not verify");
        }
        // end::verify-token[]
        Instant now = clock.instant();
        if (!issuer.equals(claims.getIssuer())) {
            return new Authentication.InvalidToken("the token was issued by someone else");
        }
        if (claims.getAudience() == null
                || !claims.getAudience().equals(java.util.List.of(audience()))) {
            return new Authentication.InvalidToken("the token is not for this API");
        }
        if (claims.getIssueTime() != null && claims.getExpirationTime() != null
                && Duration.between(claims.getIssueTime().toInstant(),
                        claims.getExpirationTime().toInstant()).compareTo(LIFETIME) > 0) {
            return new Authentication.InvalidToken(
                    "the token lives longer than " + LIFETIME.toMinutes() + " minutes");
        }
        if (claims.getExpirationTime() == null
                || !now.isBefore(claims.getExpirationTime().toInstant().plus(CLOCK_SKEW))) {
            return new Authentication.InvalidToken("the token has expired");
        }
        if (claims.getIssueTime() == null
                || claims.getIssueTime().toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            return new Authentication.InvalidToken("the token is not valid yet");
        }
        try {
            return new Authentication.SignedIn(PhoneNumber.of(claims.getSubject()));
        } catch (InvalidValue notAPhone) {
            return new Authentication.InvalidToken("the token's subject is not a phone number");
        }
    }

    /** {@code GET /.well-known/jwks.json}: the public key, never anything of the private one. */
    public Map<String, Object> jwks() {
        return new JWKSet(key.publicJwk().toPublicJWK()).toJSONObject(true);
    }
}
