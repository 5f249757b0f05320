package io.nhp.pricing.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

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
        byte[] presented = request.getToken().getToken().getBytes(StandardCharsets.UTF_8);
        for (var client : clients.clients().entrySet()) {
            // constant-time comparison: the time taken must not reveal how much of a token matched
            if (MessageDigest.isEqual(presented, client.getValue().token().getBytes(StandardCharsets.UTF_8))) {
                return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(client.getKey()))
                        .addRoles(client.getValue().roles())
                        .build());
            }
        }
        return Uni.createFrom().failure(new AuthenticationFailedException("unknown bearer token"));
    }
}
