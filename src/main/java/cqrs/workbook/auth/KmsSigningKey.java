package cqrs.workbook.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * An ECC_NIST_P256 key in AWS KMS, as a JOSE signer for ES256. The private key never
 * leaves KMS: {@code Sign} receives the JWS signing input and answers an ECDSA signature in
 * DER, which JWS wants as the raw 64 bytes R‖S (RFC 7518 §3.4). The public key is fetched
 * once with {@code GetPublicKey} and kept: verifying a token costs no call to KMS.
 */
public final class KmsSigningKey implements JWSSigner {

    /** A P-256 signature in JWS form: R and S, 32 bytes each. */
    private static final int ES256_SIGNATURE_BYTES = 64;

    private final KmsClient kms;
    private final String keyId;
    private final JCAContext jca = new JCAContext();
    private volatile ECKey publicJwk;

    public KmsSigningKey(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    // tag::kms-signer[]
    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw new JOSEException("this key signs ES256 only, not " + header.getAlgorithm());
        }
        // RAW: KMS hashes the input with SHA-256 itself (inputs
        // up to 4096 bytes; a token is far smaller).
        byte[] der = kms.sign(sign -> sign.keyId(keyId)
                .messageType(MessageType.RAW)
                .message(SdkBytes.fromByteArray(signingInput))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signature().asByteArray();
        // ECDSA accepts S and n - S alike; the tokens carry the low one only (see CanonicalJws).
        return Base64URL.encode(CanonicalJws.lowS(ECDSA.transcodeSignatureToConcat(der,
                ES256_SIGNATURE_BYTES)));
    }
    // end::kms-signer[]

    /**
     * The public half as a JWK, fetched from KMS on first use and kept for the life of the
     * execution environment. Its {@code kid} is the key's RFC 7638 thumbprint: it names the
     * key by its content, not by where it is kept.
     */
    public ECKey publicJwk() {
        ECKey known = publicJwk;
        if (known == null) {
            synchronized (this) {
                if (publicJwk == null) {
                    publicJwk = fetchPublicJwk();
                }
                known = publicJwk;
            }
        }
        return known;
    }

    private ECKey fetchPublicJwk() {
        GetPublicKeyResponse answer = kms.getPublicKey(get -> get.keyId(keyId));
        try {
            ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(answer.publicKey().asByteArray()));
            ECKey jwk = new ECKey.Builder(Curve.P_256, key)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .build();
            return new ECKey.Builder(jwk).keyID(jwk.computeThumbprint().toString()).build();
        } catch (GeneralSecurityException | JOSEException | ClassCastException notP256) {
            throw new IllegalStateException("KMS key " + keyId + " is not an ECC_NIST_P256 signing key ("
                    + answer.keySpecAsString() + ")", notP256);
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.ES256);
    }

    @Override
    public JCAContext getJCAContext() {
        return jca;
    }
}
