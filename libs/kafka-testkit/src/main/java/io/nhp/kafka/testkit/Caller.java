package io.nhp.kafka.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The kinds of caller an access-matrix test tries every endpoint with (SECURITY.md, "Who reads what"): nobody,
 * tokens that must count for nothing, each partner, owners (whose partner vouches for them), Prometheus and ops.
 * The configured tokens are the test profile's ({@code test-…}); owner credentials are signed with the dev key.
 */
public enum Caller {
    NOBODY(null),
    BOGUS("not-a-token"),
    /** An owner credential with {@code alg: none}: claims to be {@link #OWNER_ID}, signed by nobody. */
    UNSIGNED(unsigned("xiaomi", Caller.OWNER_ID)),
    EXPIRED_OWNER(PartnerTokens.owner("xiaomi", Caller.OWNER_ID, claims -> {
        claims.setIssuedAt(PartnerTokens.at(Instant.now().minus(Duration.ofHours(2))));
        claims.setExpirationTime(PartnerTokens.at(Instant.now().minus(Duration.ofHours(1))));
    })),
    XIAOMI("test-xiaomi-token"),
    SAMSUNG("test-samsung-token"),
    /** {@link #OWNER_ID}, vouched for by xiaomi. */
    OWNER(PartnerTokens.owner("xiaomi", Caller.OWNER_ID)),
    OTHER_OWNER(PartnerTokens.owner("xiaomi", "someone-else")),
    /** The same owner id vouched for by samsung: another person. */
    SAME_ID_AT_SAMSUNG(PartnerTokens.owner("samsung", Caller.OWNER_ID)),
    METRICS("test-metrics-token"),
    OPS("test-admin-token");

    /** The owner whose phones and earnings the matrices ask about. */
    public static final String OWNER_ID = "o-matrix";

    /** The bearer token it presents; null for none. */
    public final String token;

    Caller(String token) {
        this.token = token;
    }

    /** Whether it presents a credential the platform must not accept. */
    public boolean counterfeit() {
        return this == BOGUS || this == UNSIGNED || this == EXPIRED_OWNER;
    }

    private static String unsigned(String partner, String owner) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"none\",\"kid\":\"dev-1\"}".getBytes(StandardCharsets.UTF_8));
        String claims = url.encodeToString(("{\"iss\":\"" + partner + "\",\"sub\":\"" + owner + "\",\"aud\":\"nhp\","
                + "\"purpose\":\"owner\",\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":"
                + Instant.now().plusSeconds(600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }
}
