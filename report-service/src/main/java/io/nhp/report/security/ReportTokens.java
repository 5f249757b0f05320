package io.nhp.report.security;

import io.nhp.report.config.ReportConfig;
import io.nhp.service.security.AccessTokenMechanism;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Partners' tokens ({@code nhp.report.partners.<key>.token}) and ops' ({@code nhp.report.admin-token}). */
@ApplicationScoped
public class ReportTokens extends AccessTokenMechanism<ReportConfig.Partner> {

    private final ReportConfig config;

    ReportTokens(ReportConfig config) {
        this.config = config;
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
