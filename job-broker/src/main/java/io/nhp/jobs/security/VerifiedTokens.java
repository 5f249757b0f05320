package io.nhp.jobs.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The device tokens Quarkus verifies, remembered until they expire. A phone sends the same token with every poll
 * and every result (two requests a job, for the token's whole life), and an RS256 verification with its parsing was
 * a fifth of the event loops' time; a token seen before is now verified once. Only what passed verification is kept,
 * under the exact token text, and never beyond the token's own {@code exp} (nor {@code max-age}): an expired token
 * is verified again, and refused. What a token may do is still checked on every request ({@link DeviceCredentials}:
 * the device's current credential version, so a renewal revokes a remembered token at once). The verification key
 * is fixed for the process (configuration), so no entry outlives the key it was verified with.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    private final JWTParser verifier;
    private final Cache<String, JsonWebToken> verified;

    VerifiedTokens(DefaultJWTParser verifier, MeterRegistry meters,
                   @ConfigProperty(name = "nhp.jobs.verified-tokens.max-size", defaultValue = "20000") long maxSize,
                   @ConfigProperty(name = "nhp.jobs.verified-tokens.max-age", defaultValue = "PT10M") Duration maxAge) {
        this.verifier = verifier;
        this.verified = Caffeine.newBuilder().maximumSize(maxSize).expireAfter(untilExpiry(maxAge)).recordStats()
                .build();
        CaffeineCacheMetrics.monitor(meters, verified, "verified_device_tokens");
    }

    /** A token is kept until its exp or max-age, whichever comes first; reading it does not extend that. */
    private static Expiry<String, JsonWebToken> untilExpiry(Duration maxAge) {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(String token, JsonWebToken verified, long currentTime) {
                long untilExp = Duration.between(Instant.now(), Instant.ofEpochSecond(verified.getExpirationTime()))
                        .toNanos();
                return Math.max(0, Math.min(untilExp, maxAge.toNanos()));
            }

            @Override
            public long expireAfterUpdate(String token, JsonWebToken verified, long currentTime, long currentDuration) {
                return currentDuration;
            }

            @Override
            public long expireAfterRead(String token, JsonWebToken verified, long currentTime, long currentDuration) {
                return currentDuration;
            }
        };
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.getIfPresent(token);
        if (known != null) {
            return known;
        }
        JsonWebToken fresh = verifier.parse(token); // throws for anything that does not verify: nothing kept
        verified.put(token, fresh);
        return fresh;
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
