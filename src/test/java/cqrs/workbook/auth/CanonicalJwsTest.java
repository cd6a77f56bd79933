package cqrs.workbook.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The canonical form of a compact JWS, and the low-S normalisation the signer applies. */
class CanonicalJwsTest {

    private static final String HEADER = "eyJhbGciOiJFUzI1NiJ9";
    private static final String PAYLOAD = "eyJzdWIiOiIrNjU5MTIzNDU2NyJ9";

    @Test
    void normalising_to_low_s_keeps_the_signature_valid_and_in_the_lower_half() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var keys = generator.generateKeyPair();
        byte[] input = (HEADER + "." + PAYLOAD).getBytes();
        for (int i = 0; i < 40; i++) {
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(keys.getPrivate());
            signer.update(input);
            byte[] normalised = CanonicalJws.lowS(signer.sign());
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(normalised, 32, 64));
            assertThat(s).isLessThanOrEqualTo(CanonicalJws.HALF_ORDER);
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify((ECPublicKey) keys.getPublic());
            verifier.update(input);
            assertThat(verifier.verify(normalised)).isTrue();
            assertThat(CanonicalJws.defect(token(normalised))).isEmpty();
        }
    }

    @Test
    void the_high_s_twin_padding_and_extra_bytes_are_refused() {
        byte[] low = new byte[64];
        low[31] = 1;
        low[63] = 1;
        assertThat(CanonicalJws.defect(token(low))).isEmpty();
        byte[] high = low.clone();
        byte[] flipped = CanonicalJws.P256_ORDER.subtract(BigInteger.ONE).toByteArray();
        System.arraycopy(flipped, flipped.length - 32, high, 32, 32);
        assertThat(CanonicalJws.defect(token(high))).contains("the token's signature is not in its canonical low-S form");
        assertThat(CanonicalJws.defect(token(low) + "=")).isPresent();
        assertThat(CanonicalJws.defect(token(Arrays.copyOf(low, 65)))).contains("the token's signature is not 64 bytes");
        assertThat(CanonicalJws.defect(HEADER + "." + PAYLOAD)).isPresent();
    }

    private static String token(byte[] signature) {
        return HEADER + "." + PAYLOAD + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }
}
