package io.nhp.service.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Partners' and ops' bearer tokens from configuration: a partner's token becomes that partner's identity
 * ({@value PartnerTokenMechanism#PARTNER_ROLE}), ops' token an {@value Viewer#ADMIN_ROLE} identity, and an owner
 * credential signed by a partner ({@link PartnerSignedTokens}) an {@value Viewer#OWNER_ROLE} identity whose
 * principal is the owner id; no token (or one that is none of these), anonymous. Where no {@code Authorization}
 * header can be sent (a page opened in a browser, its event stream) the token may come as an {@code access_token}
 * query parameter (RFC 6750 §2.3). A service opts in with a one-constructor {@code @Singleton} subclass.
 */
public abstract class AccessTokenMechanism extends PartnerTokenMechanism<String> {

    /** The query parameter that may carry the bearer token where no header can. */
    public static final String ACCESS_TOKEN = "access_token";

    private final AccessTokens tokens;
    private final PartnerSignedTokens partnerSigned;

    /**
     * A service's mechanism (a {@code @Singleton} subclass, so that it needs no client proxy) over its configured
     * tokens and the verifier of partner-signed owner credentials.
     */
    protected AccessTokenMechanism(AccessTokens tokens, PartnerSignedTokens partnerSigned) {
        this.tokens = tokens;
        this.partnerSigned = partnerSigned;
    }

    @Override
    protected final Map<String, String> partners() {
        return tokens.partners();
    }

    @Override
    protected final Function<String, String> token() {
        return Function.identity();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (context.request().getHeader("Authorization") == null) {
            String token = context.request().getParam(ACCESS_TOKEN);
            if (token != null && !token.isBlank()) {
                return authenticate(token.trim(), context, identities);
            }
        }
        return super.authenticate(context, identities);
    }

    @Override
    protected Uni<SecurityIdentity> authenticate(String token, RoutingContext context, IdentityProviderManager identities) {
        Map<String, String> configured = new HashMap<>();
        tokens.admin().ifPresent(ops -> configured.put(Viewer.ADMIN_ROLE, ops));
        tokens.metrics().ifPresent(scraper -> configured.put(Viewer.METRICS_ROLE, scraper));
        Optional<String> role = BearerTokens.owner(token, configured, Function.identity());
        if (role.isPresent()) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(role.get())).addRole(role.get()).build());
        }
        return super.authenticate(token, context, identities).onItem().ifNull().switchTo(() -> owner(token));
    }

    /** The owner a partner-signed owner credential names; a null item for anything else. */
    private Uni<SecurityIdentity> owner(String token) {
        if (token.chars().filter(c -> c == '.').count() != 2 || !partnerSigned.hasKeys()) {
            return Uni.createFrom().nullItem(); // not a JWS, or no partner keys configured
        }
        try {
            PartnerSignedTokens.Credential owner = partnerSigned.owner(token);
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(owner.ownerId())).addRole(Viewer.OWNER_ROLE)
                    .addAttribute(PartnerTokenMechanism.PARTNER_ROLE, owner.partner()).build());
        } catch (PartnerSignedTokens.Refused refused) {
            return Uni.createFrom().nullItem();
        }
    }
}
