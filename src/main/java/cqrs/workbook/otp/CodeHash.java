package cqrs.workbook.otp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A keyed hash (HMAC) of a code: the only form in which a code is ever stored. The domain
 * compares hashes and never sees a key; {@code keyId} names the key that made this one, so
 * that the key can be rotated while codes hashed with the previous one still verify.
 */
public record CodeHash(String keyId, String hex) {

    public CodeHash {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("a code's hash names the key that made it");
        }
        HexFormat.of().parseHex(hex); // rejects anything that is not hex
        hex = hex.toLowerCase(Locale.ROOT);
    }

    /** Compares in constant time, so that timing does not tell how much of a guess was right. */
    public boolean matches(CodeHash other) {
        return keyId.equals(other.keyId) && MessageDigest.isEqual(
                hex.getBytes(StandardCharsets.US_ASCII), other.hex.getBytes(StandardCharsets.US_ASCII));
    }

    /** True when one of {@code attempts}, the typed code hashed with each key held, is this hash. */
    public boolean matchesAny(List<CodeHash> attempts) {
        return attempts.stream().anyMatch(this::matches);
    }

    @Override
    public String toString() {
        return "CodeHash[" + keyId + ", redacted]";
    }
}
