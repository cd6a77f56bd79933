package cqrs.workbook.otp.application;

import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.otp.CodeHash;
import cqrs.workbook.otp.OtpCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

// tag::codes[]
/**
 * Draws codes and hashes them with a secret key (HMAC-SHA256 over phone and code). A code
 * has only a million values: a plain hash would be reversed by trying them all, a keyed one
 * cannot be without the key, which lives in a SecureString parameter, not in the store.
 * A new code is hashed with the current key; a typed code is hashed with every key held,
 * and the decider compares the hash whose key id matches the stored one.
 */
public final class OtpCodes {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecureRandom random = new SecureRandom();
    private final String current;
    private final Map<String, SecretKeySpec> keys = new TreeMap<>();

    public OtpCodes(OtpKeys otpKeys) {
        this.current = otpKeys.current();
        otpKeys.keys().forEach((id, secret) -> keys.put(id, new SecretKeySpec(secret, ALGORITHM)));
    }

    public OtpCode draw() {
        return new OtpCode(String.format("%06d", random.nextInt(1_000_000)));
    }

    /** A new code's hash, with the current key. */
    public CodeHash hash(PhoneNumber phone, OtpCode code) {
        return hash(current, phone, code);
    }

    /** A typed code's hashes, one per key held. */
    public List<CodeHash> hashes(PhoneNumber phone, OtpCode code) {
        return keys.keySet().stream().map(id -> hash(id, phone, code)).toList();
    }

    private CodeHash hash(String keyId, PhoneNumber phone, OtpCode code) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(keys.get(keyId));
            byte[] digest = mac.doFinal((phone.value() + ":" + code.digits()).getBytes(StandardCharsets.UTF_8));
            return new CodeHash(keyId, HexFormat.of().formatHex(digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
// end::codes[]
