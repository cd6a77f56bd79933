package cqrs.workbook.otp.application;

import cqrs.workbook.kernel.PhoneNumber;
import cqrs.workbook.otp.CodeHash;
import cqrs.workbook.otp.OtpCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

// tag::codes[]
/**
 * Draws codes and hashes them with a secret key (HMAC-SHA256 over phone and code). A code
 * has only a million values: a plain hash would be reversed by trying them all, a keyed one
 * cannot be without the key, which lives in the Lambda's configuration, not in the store.
 */
public final class OtpCodes {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    public OtpCodes(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the OTP key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    public OtpCode draw() {
        return new OtpCode(String.format("%06d", random.nextInt(1_000_000)));
    }

    public CodeHash hash(PhoneNumber phone, OtpCode code) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal((phone.value() + ":" + code.digits()).getBytes(StandardCharsets.UTF_8));
            return new CodeHash(HexFormat.of().formatHex(digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
// end::codes[]
