package io.nhp.jobs.security;

import io.nhp.jobs.config.BrokerConfig;
import io.nhp.service.security.BearerMechanism;
import io.nhp.service.security.BearerTokens;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Partners' bearer tokens (from configuration) become a partner identity: role {@code partner}, principal = the
 * partner key. Tried before the device-token (JWT) mechanism; a bearer token that is not a partner's is left to it.
 */
@ApplicationScoped
public class PartnerTokens extends BearerMechanism {

    public static final String PARTNER_ROLE = "partner";
    public static final String DEVICE_ROLE = "device";

    private final BrokerConfig config;

    PartnerTokens(BrokerConfig config) {
        this.config = config;
    }

    @Override
    protected Uni<SecurityIdentity> authenticate(String token, RoutingContext context,
                                                IdentityProviderManager identities) {
        return BearerTokens.owner(token, config.partners(), BrokerConfig.Partner::token)
                .map(partner -> Uni.createFrom().<SecurityIdentity>item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(partner))
                        .addRole(PARTNER_ROLE)
                        .build()))
                .orElseGet(() -> Uni.createFrom().nullItem());
    }

    /** Before the device-token (JWT) mechanism, which refuses what is not a JWT. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
