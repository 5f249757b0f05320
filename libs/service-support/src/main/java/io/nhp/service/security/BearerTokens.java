package io.nhp.service.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Configured bearer tokens (admins, gateways, partners): reading the header and finding whose token it is. */
public final class BearerTokens {

    private static final String SCHEME = "Bearer ";

    private BearerTokens() {
    }

    /** The token of an {@code Authorization: Bearer …} header; empty for no header or another scheme. */
    public static Optional<String> of(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(SCHEME.length()).trim());
    }

    /**
     * The name under which {@code presented} is configured. Compared in constant time: how long a comparison takes
     * must not tell how much of a token matched.
     */
    public static <T> Optional<String> owner(String presented, Map<String, T> byName, Function<T, String> tokenOf) {
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        for (var entry : byName.entrySet()) {
            if (MessageDigest.isEqual(bytes, tokenOf.apply(entry.getValue()).getBytes(StandardCharsets.UTF_8))) {
                return Optional.of(entry.getKey());
            }
        }
        return Optional.empty();
    }
}
