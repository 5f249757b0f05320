package io.nhp.jobs.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.nhp.service.security.RememberedTokens;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The parser Quarkus verifies device tokens with: smallrye-jwt's, behind {@link RememberedTokens}. A phone sends
 * the same token with every exchange for the token's whole life; a token that verified is verified once.
 */
@Alternative
@Priority(1)
@Singleton
public class VerifiedTokens extends RememberedTokens {

    VerifiedTokens(DefaultJWTParser verifier, MeterRegistry meters,
                   @ConfigProperty(name = "nhp.jobs.verified-tokens.max-size", defaultValue = "20000") long maxSize,
                   @ConfigProperty(name = "nhp.jobs.verified-tokens.max-age", defaultValue = "PT10M") Duration maxAge) {
        super(verifier, meters, maxSize, maxAge);
    }
}
