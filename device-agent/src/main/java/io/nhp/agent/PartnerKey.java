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
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The partner's signing key, as the partner's backend holds it, played by this CLI and by fleet-simulator: it signs
 * the enrollment tokens (and owner credentials) the platform verifies with the partner's public key (SECURITY.md).
 * Compact JWS, RS256, {@code kid} header. A phone in the field gets its token from the partner; it never holds this key.
 */
public record PartnerKey(String keyId, PrivateKey key) {

    /** The development partner key (public on purpose, every partner's in dev), relative to the project root. */
    public static final String DEV_KEY = "deploy/local/dev-keys/partner-dev-private.pem";
    public static final String DEV_KEY_ID = "dev-1";
    /** How long an enrollment token is valid: long enough to register a fleet. */
    public static final Duration ENROLLMENT_LIFETIME = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The key of a PEM file (PKCS#8, {@code BEGIN PRIVATE KEY}), RSA. */
    public static PartnerKey load(Path pem, String keyId) {
        try {
            String text = Files.readString(pem, StandardCharsets.US_ASCII);
            byte[] der = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
            return new PartnerKey(keyId, KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the partner key " + pem, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(pem + " is not an RSA private key in PKCS#8 PEM (BEGIN PRIVATE KEY)", e);
        }
    }

    /** The development key, found from the working directory or one of its parents (the project root). */
    public static PartnerKey dev() {
        return load(findUp(DEV_KEY), DEV_KEY_ID);
    }

    /** {@code path} as given if it is absolute or exists, else under the nearest parent of the working directory that has it. */
    public static Path findUp(String path) {
        Path given = Path.of(path);
        if (given.isAbsolute() || Files.isRegularFile(given)) {
            return given;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(path))) {
                return dir.resolve(path);
            }
        }
        throw new IllegalStateException("no " + path + " here or above " + Path.of("").toAbsolutePath()
                + ": run from the project, or give the partner's key");
    }

    /** The partner's authorization to register one phone of {@code ownerId}: model and market as it knows them. */
    public String enrollment(String partner, String ownerId, String model, String market, Duration lifetime) {
        return sign(claims(partner, ownerId, "enroll", lifetime).put("model", model).put("market", market));
    }

    /** An enrollment token valid for {@link #ENROLLMENT_LIFETIME}. */
    public String enrollment(String partner, String ownerId, String model, String market) {
        return enrollment(partner, ownerId, model, market, ENROLLMENT_LIFETIME);
    }

    /** The partner vouching for {@code ownerId}, who reads their own pages and payouts with it. */
    public String owner(String partner, String ownerId, Duration lifetime) {
        return sign(claims(partner, ownerId, "owner", lifetime));
    }

    /** Names the key id only: the key itself never goes into a log. */
    @Override
    public String toString() {
        return "PartnerKey[" + keyId + "]";
    }

    private static ObjectNode claims(String partner, String ownerId, String purpose, Duration lifetime) {
        long now = Instant.now().getEpochSecond();
        return JSON.createObjectNode().put("iss", partner).put("sub", ownerId).put("aud", "nhp")
                .put("purpose", purpose).put("iat", now).put("exp", now + lifetime.toSeconds());
    }

    private String sign(ObjectNode claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT").put("kid", keyId);
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
}
