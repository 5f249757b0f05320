package io.nhp.jobs.security;

import io.nhp.jobs.config.BrokerConfig;
import io.nhp.service.security.DeviceCredential;
import io.nhp.service.security.PartnerTokenMechanism;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.function.Function;

/**
 * Partners' bearer tokens ({@code nhp.jobs.partners.<key>.token}) become a partner identity. Tried before the
 * device-token (JWT) mechanism; a bearer token that is not a partner's is left to it.
 */
@ApplicationScoped
public class PartnerTokens extends PartnerTokenMechanism<BrokerConfig.Partner> {

    public static final String PARTNER_ROLE = PartnerTokenMechanism.PARTNER_ROLE;
    public static final String DEVICE_ROLE = DeviceCredential.DEVICE_ROLE;

    private final BrokerConfig config;

    PartnerTokens(BrokerConfig config) {
        this.config = config;
    }

    @Override
    protected Map<String, BrokerConfig.Partner> partners() {
        return config.partners();
    }

    @Override
    protected Function<BrokerConfig.Partner, String> token() {
        return BrokerConfig.Partner::token;
    }

    /** Before the device-token (JWT) mechanism, which refuses what is not a JWT. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
