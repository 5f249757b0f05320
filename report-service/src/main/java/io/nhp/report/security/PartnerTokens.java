package io.nhp.report.security;

import io.nhp.report.config.ReportConfig;
import io.nhp.service.security.PartnerTokenMechanism;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.function.Function;

/** Partners' bearer tokens ({@code nhp.report.partners.<key>.token}) become a partner identity. */
@ApplicationScoped
public class PartnerTokens extends PartnerTokenMechanism<ReportConfig.Partner> {

    private final ReportConfig config;

    PartnerTokens(ReportConfig config) {
        this.config = config;
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
