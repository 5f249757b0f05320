package io.nhp.pricing.security;

import io.nhp.service.security.BearerTokens;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a configured bearer token into its client's identity and roles; any other token is refused (401). */
@ApplicationScoped
public class BearerTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final ApiClients clients;

    BearerTokenIdentityProvider(ApiClients clients) {
        this.clients = clients;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return BearerTokens.owner(request.getToken().getToken(), clients.clients(), ApiClients.Client::token)
                .map(name -> Uni.createFrom().<SecurityIdentity>item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(name))
                        .addRoles(clients.clients().get(name).roles())
                        .build()))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown bearer token")));
    }
}
