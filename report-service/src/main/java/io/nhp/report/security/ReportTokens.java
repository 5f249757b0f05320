package io.nhp.report.security;

import io.nhp.report.config.ReportConfig;
import io.nhp.service.security.AccessTokenMechanism;
import io.nhp.service.security.AccessTokens;
import io.nhp.service.security.PartnerSignedTokens;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Partners' tokens ({@code nhp.report.partners.<key>.token}) and ops' ({@code nhp.report.admin-token}); no scraper's. */
@Singleton
public class ReportTokens extends AccessTokenMechanism {

    ReportTokens(ReportConfig config, PartnerSignedTokens partnerSigned) {
        super(AccessTokens.of(config.partners(), ReportConfig.Partner::token, config.adminToken(), Optional.empty()),
                partnerSigned);
    }
}
