package io.nhp.pricing.security;

import io.nhp.service.security.BearerMechanism;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads {@code Authorization: Bearer <token>}; a request without one stays anonymous (the read API is open). */
@ApplicationScoped
public class BearerTokenMechanism extends BearerMechanism {

    @Override
    protected Uni<SecurityIdentity> authenticate(String token, RoutingContext context,
                                                IdentityProviderManager identities) {
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                new TokenAuthenticationRequest(new TokenCredential(token, "bearer")), context));
    }
}
