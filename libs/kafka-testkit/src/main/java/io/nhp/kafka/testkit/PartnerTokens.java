package io.nhp.kafka.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Consumer;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/** Tokens a partner signs, as the tests' partners sign them: with the development partner key (kid dev-1). */
public final class PartnerTokens {

    public static final PrivateKey DEV_KEY = devKey();

    private PartnerTokens() {
    }

    /** An enrollment of one phone of {@code owner}, valid for ten minutes. */
    public static String enrollment(String partner, String owner, String model, String market) {
        return enrollment(partner, owner, model, market, claims -> { });
    }

    /** An enrollment, changed by {@code change} before it is signed with the dev key. */
    public static String enrollment(String partner, String owner, String model, String market, Consumer<JwtClaims> change) {
        JwtClaims claims = claims(partner, owner, "enroll");
        claims.setClaim("model", model);
        claims.setClaim("market", market);
        change.accept(claims);
        return sign(claims, DEV_KEY);
    }

    /** An owner credential: it must not enroll a phone. */
    public static String owner(String partner, String owner) {
        return owner(partner, owner, claims -> { });
    }

    /** An owner credential, changed by {@code change} before it is signed with the dev key (expired, say). */
    public static String owner(String partner, String owner, Consumer<JwtClaims> change) {
        JwtClaims claims = claims(partner, owner, "owner");
        change.accept(claims);
        return sign(claims, DEV_KEY);
    }

    /** An enrollment signed with a key no partner has, under the dev key's id. */
    public static String forged(String partner, String owner, String model, String market) {
        JwtClaims claims = claims(partner, owner, "enroll");
        claims.setClaim("model", model);
        claims.setClaim("market", market);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return sign(claims, generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a key", e);
        }
    }

    public static NumericDate at(Instant instant) {
        return NumericDate.fromMilliseconds(instant.toEpochMilli());
    }

    private static JwtClaims claims(String partner, String owner, String purpose) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(partner);
        claims.setSubject(owner);
        claims.setAudience("nhp");
        claims.setIssuedAt(at(Instant.now()));
        claims.setExpirationTime(at(Instant.now().plus(Duration.ofMinutes(10))));
        claims.setClaim("purpose", purpose);
        return claims;
    }

    private static String sign(JwtClaims claims, PrivateKey key) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue("dev-1");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }

    private static PrivateKey devKey() {
        try {
            String pem = Files.readString(Path.of("../deploy/local/dev-keys/partner-dev-private.pem"));
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException("no development partner key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the development partner key is not a PKCS#8 RSA key", e);
        }
    }
}
