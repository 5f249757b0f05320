package io.nhp.service.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Partners' bearer tokens (one per partner, from configuration) become a partner identity: role
 * {@value #PARTNER_ROLE}, principal = the partner key. A bearer token that is no partner's is left to the next
 * mechanism (a null item), or refused with 401 when there is none.
 */
public abstract class PartnerTokenMechanism<P> extends BearerMechanism {

    public static final String PARTNER_ROLE = "partner";

    /** The configured partners, by key. */
    protected abstract Map<String, P> partners();

    /** A configured partner's token. */
    protected abstract Function<P, String> token();

    /** The identity is built here from configuration: no identity provider is asked. */
    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    @Override
    protected Uni<SecurityIdentity> authenticate(String token, RoutingContext context,
                                                IdentityProviderManager identities) {
        return BearerTokens.owner(token, partners(), token())
                .map(partner -> Uni.createFrom().<SecurityIdentity>item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(partner))
                        .addRole(PARTNER_ROLE)
                        .build()))
                .orElseGet(() -> Uni.createFrom().nullItem());
    }
}
