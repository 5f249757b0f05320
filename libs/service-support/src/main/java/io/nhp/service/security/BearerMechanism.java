package io.nhp.service.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * An {@code Authorization: Bearer <token>} mechanism: a request without a bearer token stays anonymous; a
 * subclass turns the token into an identity (or a null item, leaving it to the next mechanism). Refusals are
 * answered {@code WWW-Authenticate: Bearer}.
 */
public abstract class BearerMechanism implements HttpAuthenticationMechanism {

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        return BearerTokens.of(context.request().getHeader("Authorization"))
                .map(token -> authenticate(token, context, identities))
                .orElseGet(() -> Uni.createFrom().nullItem());
    }

    /** The identity of a presented bearer token. */
    protected abstract Uni<SecurityIdentity> authenticate(String token, RoutingContext context,
                                                         IdentityProviderManager identities);

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }
}
