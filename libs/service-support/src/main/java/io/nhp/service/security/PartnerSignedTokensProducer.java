package io.nhp.service.security;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The verifier of partner-signed credentials, with the configured partner keys (read once, at first use). */
public class PartnerSignedTokensProducer {

    @Produces
    @Singleton
    PartnerSignedTokens partnerSignedTokens(PartnerKeysConfig config) {
        return PartnerSignedTokens.load(config.partners(), Clock.systemUTC());
    }
}
