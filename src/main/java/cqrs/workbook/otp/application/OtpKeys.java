package cqrs.workbook.otp.application;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The secret keys that codes are hashed with, by key id: {@code current} hashes every new
 * code; the others are kept so that a code hashed before a rotation still verifies. Read
 * once at init from a SecureString parameter, never from the environment.
 */
public record OtpKeys(String current, Map<String, byte[]> keys) {

    /** HMAC-SHA256 wants a key at least as long as its output. */
    public static final int MIN_KEY_BYTES = 32;

    public OtpKeys {
        keys = Map.copyOf(keys);
        if (current == null || !keys.containsKey(current)) {
            throw new IllegalArgumentException("the current OTP key id " + current
                    + " names none of the keys " + new TreeMap<>(keys).keySet());
        }
        keys.forEach((id, key) -> {
            if (key.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException("the OTP key " + id + " has fewer than "
                        + MIN_KEY_BYTES + " bytes");
            }
        });
    }

    /** One key, given as text (its UTF-8 bytes are the key). */
    public static OtpKeys single(String id, String secret) {
        return new OtpKeys(id, Map.of(id, secret.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "OtpKeys[current=" + current + ", ids=" + new TreeMap<>(keys).keySet() + "]";
    }
}
