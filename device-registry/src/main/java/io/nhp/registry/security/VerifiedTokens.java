package io.nhp.registry.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.nhp.service.security.RememberedTokens;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The parser device tokens are verified with, on the single-heartbeat path and in batches that carry each
 * device's token: smallrye-jwt's, behind {@link RememberedTokens}. A phone sends the same token every minute; it
 * is verified once per {@code max-age} (10 minutes) while the cache holds it: 200,000 phones by default.
 */
@Alternative
@Priority(1)
@Singleton
public class VerifiedTokens extends RememberedTokens {

    VerifiedTokens(DefaultJWTParser verifier, MeterRegistry meters,
                   @ConfigProperty(name = "nhp.registry.verified-tokens.max-size", defaultValue = "200000") long maxSize,
                   @ConfigProperty(name = "nhp.registry.verified-tokens.max-age", defaultValue = "PT10M") Duration maxAge) {
        super(verifier, meters, maxSize, maxAge);
    }
}
