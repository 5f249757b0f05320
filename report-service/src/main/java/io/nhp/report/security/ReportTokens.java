package io.nhp.report.security;

import io.nhp.report.config.ReportConfig;
import io.nhp.service.security.AccessTokenMechanism;
import io.nhp.service.security.PartnerSignedTokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Partners' tokens ({@code nhp.report.partners.<key>.token}) ops' ({@code nhp.report.admin-token}). */
@ApplicationScoped
public class ReportTokens extends AccessTokenMechanism<ReportConfig.Partner> {

    private final ReportConfig config;
    private final PartnerSignedTokens partnerSigned;

    ReportTokens(ReportConfig config, PartnerSignedTokens partnerSigned) {
        this.config = config;
        this.partnerSigned = partnerSigned;
    }

    @Override
    protected PartnerSignedTokens partnerSigned() {
        return partnerSigned;
    }

    @Override
    protected Optional<String> adminToken() {
        return config.adminToken();
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
