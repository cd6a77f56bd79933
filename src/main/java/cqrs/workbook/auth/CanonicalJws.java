package cqrs.workbook.auth;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One token, one spelling. A compact JWS is three base64url parts without padding; a
 * decoder forgives padding, trailing bits and a signature's second valid form, so that
 * several strings would verify as the same token. Each would be a new value for a cache or
 * a deny-list to miss. So the token must be exactly the encoding of its own bytes, and its
 * ES256 signature exactly 64 bytes with S in the lower half of the curve order: ECDSA
 * accepts (R, S) and (R, n - S) alike, and this keeps only the first.
 */
final class CanonicalJws {

    /** The order n of the P-256 group (FIPS 186-4, D.1.2.3). */
    static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    static final BigInteger HALF_ORDER = P256_ORDER.shiftRight(1);
    private static final int ES256_SIGNATURE_BYTES = 64;
    private static final Pattern THREE_PARTS =
            Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private CanonicalJws() {}

    /** Why the token is not in its canonical form; empty when it is. */
    static Optional<String> defect(String token) {
        if (!THREE_PARTS.matcher(token).matches()) {
            return Optional.of("the token is not three base64url parts without padding");
        }
        String[] parts = token.split("\\.");
        byte[][] decoded = new byte[3][];
        for (int i = 0; i < 3; i++) {
            try {
                decoded[i] = Base64.getUrlDecoder().decode(parts[i]);
            } catch (IllegalArgumentException notBase64) {
                return Optional.of("the token is not in its canonical base64url form");
            }
            if (!Base64.getUrlEncoder().withoutPadding().encodeToString(decoded[i])
                    .equals(parts[i])) {
                return Optional.of("the token is not in its canonical base64url form");
            }
        }
        byte[] signature = decoded[2];
        if (signature.length != ES256_SIGNATURE_BYTES) {
            return Optional.of("the token's signature is not 64 bytes");
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        if (r.signum() == 0 || s.signum() == 0 || s.compareTo(HALF_ORDER) > 0) {
            return Optional.of("the token's signature is not in its canonical low-S form");
        }
        return Optional.empty();
    }

    /**
     * The same signature with S in the lower half: what the signer sends, whatever KMS answered.
     */
    static byte[] lowS(byte[] signature) {
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        if (s.compareTo(HALF_ORDER) <= 0) {
            return signature;
        }
        byte[] flipped = P256_ORDER.subtract(s).toByteArray();
        byte[] normalised = Arrays.copyOf(signature, ES256_SIGNATURE_BYTES);
        Arrays.fill(normalised, 32, 64, (byte) 0);
        int length = Math.min(flipped.length, 32);
        System.arraycopy(flipped, flipped.length - length, normalised, 64 - length, length);
        return normalised;
    }
}
