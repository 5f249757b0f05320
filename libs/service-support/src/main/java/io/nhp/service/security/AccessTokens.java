package io.nhp.service.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The bearer tokens a service takes from its configuration: each partner's (by partner key), ops' and the metrics
 * scraper's ({@link AccessTokenMechanism}).
 */
public record AccessTokens(Map<String, String> partners, Optional<String> admin, Optional<String> metrics) {

    public AccessTokens {
        partners = Map.copyOf(partners);
    }

    /** From a service's own config mapping: its partners (each with a token), ops' token and the scraper's. */
    public static <P> AccessTokens of(Map<String, P> partners, Function<P, String> tokenOf, Optional<String> admin,
                                      Optional<String> metrics) {
        Map<String, String> tokens = new LinkedHashMap<>();
        partners.forEach((partner, configured) -> tokens.put(partner, tokenOf.apply(configured)));
        return new AccessTokens(tokens, admin, metrics);
    }
}
