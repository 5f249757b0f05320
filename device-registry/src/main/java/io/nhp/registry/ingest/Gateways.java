package io.nhp.registry.ingest;

import io.nhp.registry.config.RegistryConfig;
import io.nhp.service.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/** The configured gateway credentials: bearer tokens that may post batches for many devices. */
@ApplicationScoped
public class Gateways {

    private static final String BEARER = "Bearer ";

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
        if (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
            for (var entry : gateways.entrySet()) {
                // constant-time comparison: the time taken says nothing about how much of a token matched
                if (MessageDigest.isEqual(presented, entry.getValue().token().getBytes(StandardCharsets.UTF_8))) {
                    return Optional.of(new Gateway(entry.getKey(), entry.getValue().partner()));
                }
            }
        }
        throw ProblemException.unauthorized("not a gateway credential");
    }
}
