package cqrs.workbook.otp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A keyed hash (HMAC) of a code: the only form in which a code is ever stored. The domain
 * compares hashes and never sees the key.
 */
public record CodeHash(String hex) {

    public CodeHash {
        HexFormat.of().parseHex(hex); // rejects anything that is not hex
        hex = hex.toLowerCase(java.util.Locale.ROOT);
    }

    /** Compares in constant time, so that timing does not tell how much of a guess was right. */
    public boolean matches(CodeHash other) {
        return MessageDigest.isEqual(
                hex.getBytes(StandardCharsets.US_ASCII), other.hex.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "CodeHash[redacted]";
    }
}
