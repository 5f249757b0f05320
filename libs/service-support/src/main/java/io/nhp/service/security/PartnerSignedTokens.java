package io.nhp.service.security;

import io.nhp.service.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * Verifies the credentials a partner (OEM) signs for its users: compact JWS, RS256 or ES256, checked against that
 * partner's configured public key named by the token's {@code kid} header (so that an old and a new key are valid
 * together during a rotation).
 *
 * <p>The claims: {@code iss} = the partner key; {@code sub} = the owner id the partner vouches for;
 * {@code aud} = {@value #AUDIENCE}; {@code purpose} = {@code enroll} or {@code owner} (an owner credential never
 * enrolls a phone, an enrollment token never reads an owner's figures); {@code exp} and {@code iat} required,
 * {@code nbf} honoured, all within {@link #LEEWAY_SECONDS} s of clock skew; an enrollment also carries
 * {@code model} and {@code market}. Anything else, {@code alg: none} included, is refused with 401.
 */
public final class PartnerSignedTokens {

    /** The audience every partner-signed credential names. */
    public static final String AUDIENCE = "nhp";
    /** Claim saying what the credential is for. */
    public static final String PURPOSE_CLAIM = "purpose";
    /** Enrollment claims: the phone's model and market, as the partner knows them. */
    public static final String MODEL_CLAIM = "model";
    public static final String MARKET_CLAIM = "market";
    /** Clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}. */
    public static final int LEEWAY_SECONDS = 60;

    /** What a partner-signed credential is for. */
    public enum Purpose {
        /** Registering one phone for one owner. */
        ENROLL("enroll"),
        /** An owner reading their own pages and payouts. */
        OWNER("owner");

        private final String claim;

        Purpose(String claim) {
            this.claim = claim;
        }

        /** The value of the {@code purpose} claim. */
        public String claim() {
            return claim;
        }
    }

    /**
     * A verified credential: the partner that signed it, the owner it vouches for, what it is for, and (for an
     * enrollment) the phone's model and market.
     */
    public record Credential(String partner, String ownerId, Purpose purpose, String model, String market,
                             Instant expiresAt) {
    }

    /** A credential refused: 401 with {@code WWW-Authenticate: Bearer}, the reason in the detail. */
    public static final class Refused extends ProblemException {
        public Refused(String reason) {
            super(401, "Unauthorized", reason);
            withHeader("WWW-Authenticate", "Bearer");
        }
    }

    private final Map<String, Map<String, PublicKey>> keys;
    private final Clock clock;

    /** Verifies against {@code keys} (public key by key id, by partner), at {@code clock}'s time. */
    public PartnerSignedTokens(Map<String, Map<String, PublicKey>> keys, Clock clock) {
        Map<String, Map<String, PublicKey>> copy = new LinkedHashMap<>();
        keys.forEach((partner, byKid) -> copy.put(partner, Map.copyOf(byKid)));
        this.keys = Map.copyOf(copy);
        this.clock = clock;
    }

    /** Verifies against the PEM files of {@code locations} (file path, or {@code classpath:} resource). */
    public static PartnerSignedTokens load(Map<String, Map<String, String>> locations, Clock clock) {
        Map<String, Map<String, PublicKey>> keys = new LinkedHashMap<>();
        locations.forEach((partner, byKid) -> {
            Map<String, PublicKey> loaded = new LinkedHashMap<>();
            byKid.forEach((kid, location) -> loaded.put(kid, publicKey(location, partner, kid)));
            keys.put(partner, loaded);
        });
        return new PartnerSignedTokens(keys, clock);
    }

    /** Whether any partner has a key configured. */
    public boolean hasKeys() {
        return keys.values().stream().anyMatch(byKid -> !byKid.isEmpty());
    }

    /** The partners that have keys. */
    public Set<String> partners() {
        return keys.keySet();
    }

    /** A verified enrollment token (it carries model and market), or {@link Refused}. */
    public Credential enrollment(String token) {
        Credential credential = verify(token, Purpose.ENROLL);
        if (credential.model() == null || credential.model().isBlank()
                || credential.market() == null || credential.market().isBlank()) {
            throw new Refused("the enrollment token names no model or no market");
        }
        return credential;
    }

    /** A verified owner credential, or {@link Refused}. */
    public Credential owner(String token) {
        return verify(token, Purpose.OWNER);
    }

    /** A verified credential for {@code purpose}, or {@link Refused} saying why not (never another exception). */
    public Credential verify(String token, Purpose purpose) {
        if (token == null || token.isBlank()) {
            throw new Refused("no credential");
        }
        try {
            return verified(token, purpose);
        } catch (Refused refused) {
            throw refused;
        } catch (RuntimeException e) {
            // whatever a hostile token makes the parser throw (e.g. a numeric kid: a ClassCastException) is a refusal
            throw new Refused("the token is malformed");
        }
    }

    private Credential verified(String token, Purpose purpose) {
        // First pass, unverified: whose key (iss, kid) the token says signed it
        JwtContext unverified;
        try {
            unverified = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                    .setSkipSignatureVerification().build().process(token);
        } catch (InvalidJwtException e) {
            throw new Refused("not a signed token");
        }
        String partner;
        try {
            partner = unverified.getJwtClaims().getIssuer();
        } catch (MalformedClaimException e) {
            throw new Refused("the token's issuer is malformed");
        }
        if (unverified.getJoseObjects().size() != 1) {
            throw new Refused("nested tokens are not accepted");
        }
        String kid = unverified.getJoseObjects().get(0).getKeyIdHeaderValue();
        Map<String, PublicKey> partnerKeys = partner == null ? null : keys.get(partner);
        if (partnerKeys == null) {
            throw new Refused("the token's issuer is no partner with keys here");
        }
        PublicKey key = kid == null ? null : partnerKeys.get(kid);
        if (key == null) {
            throw new Refused("partner '" + partner + "' has no key '" + kid + "'");
        }

        // Second pass: signature with that key, only RS256 / ES256, and the registered claims
        JwtClaims claims;
        try {
            claims = new JwtConsumerBuilder()
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                    .setVerificationKey(key)
                    .setExpectedIssuer(partner)
                    .setExpectedAudience(AUDIENCE)
                    .setRequireSubject()
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setAllowedClockSkewInSeconds(LEEWAY_SECONDS)
                    .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                    .build().processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new Refused(reason(e));
        }
        try {
            NumericDate issuedAt = claims.getIssuedAt();
            if (issuedAt.getValueInMillis() > clock.millis() + LEEWAY_SECONDS * 1000L) {
                throw new Refused("the token is issued in the future");
            }
            String purposeClaim = claims.getClaimValueAsString(PURPOSE_CLAIM);
            if (!purpose.claim().equals(purposeClaim)) {
                throw new Refused("the token is not for " + purpose.claim() + " (its purpose: " + purposeClaim + ")");
            }
            if (claims.getSubject().isBlank()) {
                throw new Refused("the token names no owner (sub)");
            }
            return new Credential(partner, claims.getSubject(), purpose, claims.getClaimValueAsString(MODEL_CLAIM),
                    claims.getClaimValueAsString(MARKET_CLAIM),
                    Instant.ofEpochMilli(claims.getExpirationTime().getValueInMillis()));
        } catch (MalformedClaimException e) {
            throw new Refused("a claim of the token is malformed: " + e.getMessage());
        }
    }

    private static String reason(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "the token has expired";
        }
        if (e.getErrorDetails().stream().anyMatch(d -> d.getErrorCode() == ErrorCodes.SIGNATURE_INVALID)) {
            return "the token's signature is not its partner's";
        }
        return e.getErrorDetails().isEmpty() ? "the token is not valid"
                : "the token is not valid: " + e.getErrorDetails().get(0).getErrorMessage();
    }

    /** A public key from a PEM file or {@code classpath:} resource: RSA, else EC. */
    static PublicKey publicKey(String location, String partner, String kid) {
        String pem;
        try (InputStream in = location.startsWith("classpath:")
                ? PartnerSignedTokens.class.getClassLoader().getResourceAsStream(location.substring("classpath:".length()))
                : Files.newInputStream(Path.of(location))) {
            if (in == null) {
                throw new IllegalStateException("partner '" + partner + "' key '" + kid + "': no resource " + location);
            }
            pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("partner '" + partner + "' key '" + kid + "': cannot read " + location, e);
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        var spec = new X509EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalStateException("partner '" + partner + "' key '" + kid + "': " + location
                + " holds no RSA or EC public key (PEM, BEGIN PUBLIC KEY)");
    }
}
