package io.nhp.registry.ingest;

import io.nhp.registry.config.RegistryConfig;
import io.nhp.service.ProblemException;
import io.nhp.service.security.BearerTokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/** The configured gateway credentials: bearer tokens that may post batches for many devices. */
@ApplicationScoped
public class Gateways {

    private final Map<String, RegistryConfig.GatewayConfig> gateways;

    Gateways(RegistryConfig config) {
        this.gateways = config.gateways();
    }

    /** A gateway. */
    public record Gateway(String name, Optional<String> partner) {
        public boolean mayPostFor(String devicePartner) {
            return partner.isEmpty() || partner.get().equals(devicePartner);
        }
    }

    /**
     * The gateway the Authorization header names; empty when there is no header (each item then brings its
     * device's token). An unknown credential is refused with 401.
     */
    public Optional<Gateway> authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(BearerTokens.of(authorization)
                .flatMap(token -> BearerTokens.owner(token, gateways, RegistryConfig.GatewayConfig::token))
                .map(name -> new Gateway(name, gateways.get(name).partner()))
                .orElseThrow(() -> ProblemException.unauthorized("not a gateway credential")));
    }
}
