package io.nhp.service.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import jakarta.enterprise.event.Observes;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Device tokens that verified, remembered until they expire. A phone sends the same long-lived token with every
 * heartbeat, poll and result, and an RS256 verification with its parsing costs more than the rest of such a request;
 * a token seen before is verified once. Only what passed verification is kept, and never beyond the token's own
 * {@code exp} nor {@code max-age}: an expired token is verified again, and refused. What a token may do is still
 * checked on every request ({@link DeviceCredential}: the device's current credential version, so a renewal revokes a
 * remembered token at once). The verification key is fixed for the process (configuration), so no entry outlives the
 * key it was verified with.
 * <p>
 * Small per entry, because a fleet is large: the key is the token's SHA-256 (not its text), the value only the
 * token's claims (not the parser's principal with the raw token and its JSON). A service makes it its
 * {@link JWTParser} with a CDI alternative that passes smallrye-jwt's own parser and its limits.
 */
public class RememberedTokens implements JWTParser {


    private final JWTParser verifier;
    private final Cache<Digest, JsonWebToken> verified;

    protected RememberedTokens(JWTParser verifier, MeterRegistry meters, long maxSize, Duration maxAge) {
        this(verifier, meters, maxSize, maxAge, Clock.systemUTC(), Ticker.systemTicker());
    }

    /**
     * With the clock a token's {@code exp} is compared to and the ticker an entry's age is measured by (a test's own
     * time, so that it need not wait for a token to expire).
     */
    RememberedTokens(JWTParser verifier, MeterRegistry meters, long maxSize, Duration maxAge, Clock clock,
                     Ticker ticker) {
        this.verifier = verifier;
        this.verified = Caffeine.newBuilder().maximumSize(maxSize).expireAfter(untilExpiry(maxAge, clock))
                .ticker(ticker).recordStats().build();
        CaffeineCacheMetrics.monitor(meters, verified, "verified_device_tokens");
    }

    /** A token is kept until its exp or max-age, whichever comes first; reading it does not extend that. */
    private static Expiry<Digest, JsonWebToken> untilExpiry(Duration maxAge, Clock clock) {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(Digest token, JsonWebToken verified, long currentTime) {
                long untilExp = Duration.between(clock.instant(), Instant.ofEpochSecond(verified.getExpirationTime()))
                        .toNanos();
                return Math.max(0, Math.min(untilExp, maxAge.toNanos()));
            }

            @Override
            public long expireAfterUpdate(Digest token, JsonWebToken verified, long currentTime, long currentDuration) {
                return currentDuration;
            }

            @Override
            public long expireAfterRead(Digest token, JsonWebToken verified, long currentTime, long currentDuration) {
                return currentDuration;
            }
        };
    }

    /**
     * jose4j registers its algorithms on first use, a second or two of class loading and provider probing: done at
     * start, not on the event loops of the first phones' requests (job-broker's were blocked 2.2 s by it).
     */
    protected void loadAlgorithms(@Observes StartupEvent started) {
        org.jose4j.jwa.AlgorithmFactoryFactory.getInstance();
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        Digest digest = Digest.of(token);
        JsonWebToken known = verified.getIfPresent(digest); // only tokens of the canonical form are ever kept
        if (known != null) {
            return known;
        }
        if (!compactJws(token)) {
            // base64url decoders skip what is not of the alphabet: "T=a", "T=b"... would verify as T, each its own entry
            return verifier.parse(token);
        }
        JsonWebToken fresh = verifier.parse(token); // throws for anything that does not verify: nothing kept
        JsonWebToken claims = Remembered.of(fresh);
        verified.put(digest, claims);
        return claims;
    }

    /**
     * Whether a token is a signed JWT in its one canonical form: three non-empty base64url parts, no padding, nothing
     * else. Checked by hand, only for a token not remembered: a regular expression over a phone's 700-character
     * token was a sixth of a single heartbeat's event-loop time, and a chain of character ranges (their branches
     * unpredictable over random base64) still as much (bench/README, #22).
     */
    static boolean compactJws(String token) {
        int dots = 0;
        int partLength = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (partLength == 0 || ++dots > 2) {
                    return false;
                }
                partLength = 0;
            } else if (c < BASE64URL.length && BASE64URL[c]) {
                partLength++;
            } else {
                return false;
            }
        }
        return dots == 2 && partLength > 0;
    }

    /** The characters of base64url, by code. */
    private static final boolean[] BASE64URL = new boolean[128];

    static {
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".chars().forEach(c -> BASE64URL[c] = true);
    }

    /**
     * The first 128 bits of a token's SHA-256 (of its UTF-8): as unique as the tokens themselves, a sixth of their size.
     * Only a canonical token, all base64url and dots, is ever kept, and no other text has its bytes (a lone surrogate
     * encodes as '?', not base64url).
     */
    record Digest(long high, long low) {
        static Digest of(String token) {
            try {
                ByteBuffer hash = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256")
                        .digest(token.getBytes(StandardCharsets.UTF_8)));
                return new Digest(hash.getLong(), hash.getLong());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }
    }

    /** A verified token's claims as the parser gave them, without the raw token. */
    record Remembered(String name, Map<String, Object> claims) implements JsonWebToken {
        static Remembered of(JsonWebToken token) {
            Map<String, Object> claims = new HashMap<>();
            for (String claim : token.getClaimNames()) {
                Object value = token.getClaim(claim);
                if (value != null && !claim.equals(Claims.raw_token.name())) {
                    claims.put(claim, value);
                }
            }
            return new Remembered(token.getName(), Map.copyOf(claims));
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> T getClaim(String claim) {
            return (T) claims.get(claim);
        }
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
