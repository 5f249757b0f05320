package io.nhp.economics.security;

import io.nhp.economics.config.EconomicsConfig;
import io.nhp.service.security.AccessTokenMechanism;
import io.nhp.service.security.PartnerSignedTokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Partners' tokens ({@code nhp.economics.partners.<key>.token}), ops' ({@code nhp.economics.admin-token}) and
 * Prometheus' ({@code nhp.economics.metrics-token}).
 */
@ApplicationScoped
public class EconomicsTokens extends AccessTokenMechanism<EconomicsConfig.Partner> {

    private final EconomicsConfig config;
    private final PartnerSignedTokens partnerSigned;

    EconomicsTokens(EconomicsConfig config, PartnerSignedTokens partnerSigned) {
        this.config = config;
        this.partnerSigned = partnerSigned;
    }

    @Override
    protected PartnerSignedTokens partnerSigned() {
        return partnerSigned;
    }

    @Override
    protected Optional<String> adminToken() {
        return config.adminToken();
    }

    @Override
    protected Optional<String> metricsToken() {
        return config.metricsToken();
    }

    @Override
    protected Map<String, EconomicsConfig.Partner> partners() {
        return config.partners();
    }

    @Override
    protected Function<EconomicsConfig.Partner, String> token() {
        return EconomicsConfig.Partner::token;
    }
}
