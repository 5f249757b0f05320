package io.nhp.report.security;

import io.nhp.report.config.ReportConfig;
import io.nhp.service.security.BearerTokens;
import io.nhp.service.security.PartnerTokenMechanism;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.function.Function;

/**
 * Bearer tokens from configuration: a partner's ({@code nhp.report.partners.<key>.token}) becomes that partner's
 * identity, the ops token ({@code nhp.report.admin-token}) an {@value #ADMIN_ROLE} identity. No token: anonymous.
 */
@ApplicationScoped
public class ReportTokens extends PartnerTokenMechanism<ReportConfig.Partner> {

    public static final String ADMIN_ROLE = "admin";
    /** The query parameter that may carry the bearer token where no header can. */
    public static final String ACCESS_TOKEN = "access_token";

    private final ReportConfig config;

    ReportTokens(ReportConfig config) {
        this.config = config;
    }

    /**
     * The bearer token from the {@code Authorization} header, or else from an {@code access_token} query parameter
     * (RFC 6750 §2.3): what a browser can carry to a page and its event stream, e.g. a link from the partner's app.
     */
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
        boolean admin = config.adminToken().flatMap(admins -> BearerTokens.owner(token, Map.of("admin", admins),
                Function.identity())).isPresent();
        if (admin) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("admin"))
                    .addRole(ADMIN_ROLE).build());
        }
        return super.authenticate(token, context, identities);
    }

    @Override
    protected Map<String, ReportConfig.Partner> partners() {
        return config.partners();
    }

    @Override
    protected Function<ReportConfig.Partner, String> token() {
        return ReportConfig.Partner::token;
    }
}
