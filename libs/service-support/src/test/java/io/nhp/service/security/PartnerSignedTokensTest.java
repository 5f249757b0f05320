package io.nhp.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhp.service.security.PartnerSignedTokens.Purpose;
import io.nhp.service.security.PartnerSignedTokens.Refused;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partner-signed credentials: only a partner's own current keys, for the right purpose, in time. */
class PartnerSignedTokensTest {

    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final KeyPair XIAOMI_OLD = rsa();
    static final KeyPair XIAOMI_NEW = rsa();
    static final KeyPair SAMSUNG = rsa();
    static final KeyPair VIVO_EC = ec();

    final PartnerSignedTokens tokens = new PartnerSignedTokens(Map.of(
            "xiaomi", Map.of("2026-01", XIAOMI_OLD.getPublic(), "2026-07", XIAOMI_NEW.getPublic()),
            "samsung", Map.of("s-1", SAMSUNG.getPublic()),
            "vivo", Map.of("v-1", VIVO_EC.getPublic())), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldAcceptAnEnrollmentSignedByThePartnersKey() {
        var credential = tokens.enrollment(enrollment("xiaomi", "2026-07", XIAOMI_NEW.getPrivate(), c -> { }));

        assertThat(credential).isEqualTo(new PartnerSignedTokens.Credential("xiaomi", "o-1", Purpose.ENROLL,
                "Xiaomi 14", "India", NOW.plus(Duration.ofMinutes(10))));
    }

    @Test
    void shouldAcceptTheOldAndTheNewKeyTogetherDuringARotation() {
        assertThat(tokens.owner(owner("xiaomi", "2026-01", XIAOMI_OLD.getPrivate())).ownerId()).isEqualTo("o-1");
        assertThat(tokens.owner(owner("xiaomi", "2026-07", XIAOMI_NEW.getPrivate())).ownerId()).isEqualTo("o-1");
    }

    @Test
    void shouldAcceptAnEs256Token() {
        String token = sign(claims("vivo", "owner", c -> { }), "v-1", VIVO_EC.getPrivate(),
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);

        assertThat(tokens.owner(token).partner()).isEqualTo("vivo");
    }

    @Test
    void shouldRefuseAnExpiredToken() {
        String token = enrollment("xiaomi", "2026-07", XIAOMI_NEW.getPrivate(), c -> {
            c.setIssuedAt(at(NOW.minus(Duration.ofHours(2))));
            c.setExpirationTime(at(NOW.minus(Duration.ofMinutes(2))));
        });

        assertRefused(() -> tokens.enrollment(token), "expired");
    }

    @Test
    void shouldToleratePartOfAMinuteOfClockSkewButNoMore() {
        String justExpired = enrollment("xiaomi", "2026-07", XIAOMI_NEW.getPrivate(),
                c -> {
                    c.setIssuedAt(at(NOW.minusSeconds(120)));
                    c.setExpirationTime(at(NOW.minusSeconds(30)));
                });
        String issuedAhead = enrollment("xiaomi", "2026-07", XIAOMI_NEW.getPrivate(),
                c -> c.setIssuedAt(at(NOW.plusSeconds(5 * 60))));
        String notYet = enrollment("xiaomi", "2026-07", XIAOMI_NEW.getPrivate(),
                c -> c.setNotBefore(at(NOW.plusSeconds(5 * 60))));

        assertThat(tokens.enrollment(justExpired).ownerId()).isEqualTo("o-1");
        assertRefused(() -> tokens.enrollment(issuedAhead), "future");
        assertRefused(() -> tokens.enrollment(notYet), "not valid");
    }

    @Test
    void shouldRefuseATokenWithoutExpiry() {
        String token = enrollment("xiaomi", "2026-07", XIAOMI_NEW.getPrivate(),
                c -> c.unsetClaim("exp"));

        assertRefused(() -> tokens.enrollment(token), "not valid");
    }

    @Test
    void shouldRefuseATokenSignedWithAnotherKeyUnderTheSameKid() {
        String token = enrollment("xiaomi", "2026-07", rsa().getPrivate(), c -> { });

        assertRefused(() -> tokens.enrollment(token), "signature");
    }

    @Test
    void shouldRefuseAnUnknownKid() {
        assertRefused(() -> tokens.enrollment(enrollment("xiaomi", "2025-01", XIAOMI_OLD.getPrivate(), c -> { })),
                "no key '2025-01'");
        assertRefused(() -> tokens.enrollment(enrollment("xiaomi", null, XIAOMI_OLD.getPrivate(), c -> { })),
                "no key");
    }

    @Test
    void shouldRefuseAnotherPartnersKey() {
        // Samsung signs, claiming to be Xiaomi, under its own kid and under Xiaomi's
        assertRefused(() -> tokens.enrollment(enrollment("xiaomi", "s-1", SAMSUNG.getPrivate(), c -> { })),
                "no key 's-1'");
        assertRefused(() -> tokens.enrollment(enrollment("xiaomi", "2026-07", SAMSUNG.getPrivate(), c -> { })),
                "signature");
        assertRefused(() -> tokens.enrollment(enrollment("nokia", "n-1", SAMSUNG.getPrivate(), c -> { })),
                "no partner");
    }

    @Test
    void shouldRefuseAnUnsignedToken() {
        var base64 = Base64.getUrlEncoder().withoutPadding();
        String none = base64.encodeToString("{\"alg\":\"none\",\"kid\":\"2026-07\"}".getBytes())
                + "." + base64.encodeToString(claims("xiaomi", "enroll", c -> { }).toJson().getBytes()) + ".";

        assertRefused(() -> tokens.enrollment(none), "not valid");
        assertRefused(() -> tokens.enrollment("not.a.token"), "not a signed token");
        assertRefused(() -> tokens.enrollment(""), "no credential");
    }

    @Test
    void shouldRefuseAHostileHeaderOrAnEmptyOwnerAsACredentialNotFailOnThem() {
        var base64 = Base64.getUrlEncoder().withoutPadding();
        String numericKid = base64.encodeToString("{\"alg\":\"RS256\",\"kid\":1}".getBytes())
                + "." + base64.encodeToString(claims("xiaomi", "owner", c -> { }).toJson().getBytes()) + ".x";

        assertRefused(() -> tokens.owner(numericKid), "malformed");
        assertRefused(() -> tokens.owner(sign(claims("xiaomi", "owner", c -> c.setSubject("")), "2026-07",
                XIAOMI_NEW.getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256)), "no owner");
    }

    @Test
    void shouldRefuseACredentialUsedForAnotherPurpose() {
        assertRefused(() -> tokens.enrollment(owner("xiaomi", "2026-07", XIAOMI_NEW.getPrivate())),
                "not for enroll");
        assertRefused(() -> tokens.owner(enrollment("xiaomi", "2026-07", XIAOMI_NEW.getPrivate(), c -> { })),
                "not for owner");
        assertRefused(() -> tokens.owner(enrollment("xiaomi", "2026-07", XIAOMI_NEW.getPrivate(),
                c -> c.unsetClaim("purpose"))), "not for owner");
    }

    @Test
    void shouldRefuseAnEnrollmentWithoutModelOrMarketOrForAnotherAudience() {
        assertRefused(() -> tokens.enrollment(enrollment("xiaomi", "2026-07", XIAOMI_NEW.getPrivate(),
                c -> c.unsetClaim("market"))), "no market");
        assertRefused(() -> tokens.enrollment(enrollment("xiaomi", "2026-07", XIAOMI_NEW.getPrivate(),
                c -> c.setAudience("someone-else"))), "not valid");
        assertRefused(() -> tokens.enrollment(enrollment("xiaomi", "2026-07", XIAOMI_NEW.getPrivate(),
                c -> c.unsetClaim("sub"))), "not valid");
    }

    @Test
    void shouldLoadAPartnersKeyFromAPemFile(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("xiaomi-2026-07.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(XIAOMI_NEW.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        var loaded = PartnerSignedTokens.load(Map.of("xiaomi", Map.of("2026-07", pem.toString())),
                Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(loaded.hasKeys()).isTrue();
        assertThat(loaded.owner(owner("xiaomi", "2026-07", XIAOMI_NEW.getPrivate())).partner()).isEqualTo("xiaomi");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable verify, String why) {
        assertThatThrownBy(verify).isInstanceOf(Refused.class).hasMessageContaining(why)
                .satisfies(e -> assertThat(((Refused) e).status()).isEqualTo(401));
    }

    private static String enrollment(String partner, String kid, PrivateKey key, Consumer<JwtClaims> change) {
        JwtClaims claims = claims(partner, "enroll", change);
        return sign(claims, kid, key, AlgorithmIdentifiers.RSA_USING_SHA256);
    }

    static String owner(String partner, String kid, PrivateKey key) {
        return sign(claims(partner, "owner", c -> { }), kid, key, AlgorithmIdentifiers.RSA_USING_SHA256);
    }

    private static JwtClaims claims(String partner, String purpose, Consumer<JwtClaims> change) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(partner);
        claims.setSubject("o-1");
        claims.setAudience("nhp");
        claims.setIssuedAt(at(NOW.minusSeconds(10)));
        claims.setExpirationTime(at(NOW.plus(Duration.ofMinutes(10))));
        claims.setClaim("purpose", purpose);
        if (purpose.equals("enroll")) {
            claims.setClaim("model", "Xiaomi 14");
            claims.setClaim("market", "India");
        }
        change.accept(claims);
        return claims;
    }

    private static String sign(JwtClaims claims, String kid, PrivateKey key, String alg) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        jws.setAlgorithmHeaderValue(alg);
        try {
            return jws.getCompactSerialization();
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException("cannot sign the test token", e);
        }
    }

    private static NumericDate at(Instant instant) {
        return NumericDate.fromMilliseconds(instant.toEpochMilli());
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("no RSA", e);
        }
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("no EC", e);
        }
    }
}
