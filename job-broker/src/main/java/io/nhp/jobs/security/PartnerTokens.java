package io.nhp.jobs.security;

import io.nhp.jobs.config.BrokerConfig;
import io.nhp.service.security.BearerTokens;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Partners' bearer tokens (from configuration) become a partner identity: role {@code partner}, principal = the
 * partner key. Tried before the device-token (JWT) mechanism; a bearer token that is not a partner's is left to it.
 */
@ApplicationScoped
public class PartnerTokens implements HttpAuthenticationMechanism {

    public static final String PARTNER_ROLE = "partner";
    public static final String DEVICE_ROLE = "device";

    private final BrokerConfig config;

    PartnerTokens(BrokerConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return BearerTokens.of(context.request().getHeader("Authorization"))
                .flatMap(token -> BearerTokens.owner(token, config.partners(), BrokerConfig.Partner::token))
                .map(partner -> Uni.createFrom().<SecurityIdentity>item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(partner))
                        .addRole(PARTNER_ROLE)
                        .build()))
                .orElseGet(() -> Uni.createFrom().nullItem());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        return HttpAuthenticationMechanism.DEFAULT_PRIORITY + 100;
    }
}
