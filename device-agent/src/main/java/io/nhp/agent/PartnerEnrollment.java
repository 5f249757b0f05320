package io.nhp.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * The partner's part, played by the CLI: signs the enrollment token that authorizes one phone of an owner (compact
 * JWS, RS256, {@code kid}; claims as SECURITY.md and fleet-simulator's partner key have them). A phone in the field
 * gets this token from its partner's backend; it never holds the partner's key.
 */
public record PartnerEnrollment(String partner, String keyId, PrivateKey key) {

    /** The development partner key (public on purpose), relative to the project root, and its key id. */
    public static final String DEV_KEY = "deploy/local/dev-keys/partner-dev-private.pem";
    public static final String DEV_KEY_ID = "dev-1";
    private static final long LIFETIME_SECONDS = 15 * 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code partner}'s RSA key from a PKCS#8 PEM file ({@code BEGIN PRIVATE KEY}). */
    public static PartnerEnrollment load(String partner, Path pem, String keyId) {
        try {
            String text = Files.readString(pem, StandardCharsets.US_ASCII);
            byte[] der = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
            return new PartnerEnrollment(partner, keyId,
                    KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the partner key " + pem, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(pem + " is not an RSA private key in PKCS#8 PEM", e);
        }
    }

    /** An enrollment token for a phone of {@code ownerId}: its model and market as the partner knows them (15 min). */
    public String token(String ownerId, String model, String market) {
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode().put("iss", partner).put("sub", ownerId).put("aud", "nhp")
                .put("purpose", "enroll").put("iat", now).put("exp", now + LIFETIME_SECONDS)
                .put("model", model).put("market", market);
        ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT").put("kid", keyId);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = base64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with partner key " + keyId, e);
        }
    }

    /** Names the key id only: the key never goes into a log. */
    @Override
    public String toString() {
        return "PartnerEnrollment[" + partner + ", " + keyId + "]";
    }
}
