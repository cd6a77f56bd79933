package cqrs.workbook.otp.application;

import cqrs.workbook.otp.CodeFor;
import cqrs.workbook.otp.CodeHash;
import cqrs.workbook.otp.OtpCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes codes and hashes them with a secret key (HMAC-SHA256 over the stream and the code).
 * A code has only a million values: a plain hash would be reversed by trying them all, a
 * keyed one cannot be without the key, which lives in a SecureString parameter, not in the
 * store. A new code is hashed with the current key; a typed code is hashed with every key
 * held, and the decider compares the hash whose key id matches the stored one.
 *
 * <p>A code is derived from the key and its otpId, which is random or, for a code the event
 * handler issues, derived from the event that caused it: as unpredictable as the key to
 * anyone who lacks it, and the same every time for one otpId, so that a redelivered event
 * can text the very code that was stored, never a second one.
 */
public final class OtpCodes {

    private static final String ALGORITHM = "HmacSHA256";

    private final String current;
    private final Map<String, SecretKeySpec> keys = new TreeMap<>();

    public OtpCodes(OtpKeys otpKeys) {
        this.current = otpKeys.current();
        otpKeys.keys().forEach((id, secret) -> keys.put(id, new SecretKeySpec(secret, ALGORITHM)));
    }

    /** The id of the key new codes are made and hashed with. */
    public String currentKeyId() {
        return current;
    }

    /** The code of {@code otpId}, made with the key {@code keyId}. */
    public OtpCode code(String keyId, CodeFor subject, String otpId) {
        byte[] digest = mac(keyId, "code:" + subject.streamId() + ":" + otpId);
        // 64 bits modulo a million: the bias is below one in 10^13.
        long value = Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), 1_000_000);
        return new OtpCode(String.format("%06d", value));
    }

    // tag::codes[]
    /** A new code's hash, with the current key. */
    public CodeHash hash(CodeFor subject, OtpCode code) {
        return hash(current, subject, code);
    }

    /** A typed code's hashes, one per key held. */
    public List<CodeHash> hashes(CodeFor subject, OtpCode code) {
        return keys.keySet().stream().map(id -> hash(id, subject, code)).toList();
    }

    private CodeHash hash(String keyId, CodeFor subject, OtpCode code) {
        return new CodeHash(keyId, HexFormat.of().formatHex(mac(keyId, subject.streamId() + ":"
                + code.digits())));
    }
    // end::codes[]

    private byte[] mac(String keyId, String text) {
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("no OTP key " + keyId + " is held");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
