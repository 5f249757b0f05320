package io.nhp.economics.security;

import io.nhp.economics.config.EconomicsConfig;
import io.nhp.service.security.AccessTokenMechanism;
import io.nhp.service.security.AccessTokens;
import io.nhp.service.security.PartnerSignedTokens;
import jakarta.inject.Singleton;

/**
 * Partners' tokens ({@code nhp.economics.partners.<key>.token}), ops' ({@code nhp.economics.admin-token}) and
 * Prometheus' ({@code nhp.economics.metrics-token}).
 */
@Singleton
public class EconomicsTokens extends AccessTokenMechanism {

    EconomicsTokens(EconomicsConfig config, PartnerSignedTokens partnerSigned) {
        super(AccessTokens.of(config.partners(), EconomicsConfig.Partner::token, config.adminToken(),
                config.metricsToken()), partnerSigned);
    }
}
