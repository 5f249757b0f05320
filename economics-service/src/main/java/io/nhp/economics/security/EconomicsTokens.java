package io.nhp.economics.security;

import io.nhp.economics.config.EconomicsConfig;
import io.nhp.service.security.AccessTokenMechanism;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Partners' tokens ({@code nhp.economics.partners.<key>.token}) and ops' ({@code nhp.economics.admin-token}). */
@ApplicationScoped
public class EconomicsTokens extends AccessTokenMechanism<EconomicsConfig.Partner> {

    private final EconomicsConfig config;

    EconomicsTokens(EconomicsConfig config) {
        this.config = config;
    }

    @Override
    protected Optional<String> adminToken() {
        return config.adminToken();
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
