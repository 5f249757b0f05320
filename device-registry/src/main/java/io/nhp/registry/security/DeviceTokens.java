package io.nhp.registry.security;

import io.nhp.registry.config.RegistryConfig;
import io.nhp.service.security.DeviceCredential;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Issues device credentials: JWTs signed with the configured key; subject = device id, claims = partner and the
 * credential version (a newer version revokes the older tokens), as {@link DeviceCredential} reads them.
 */
@ApplicationScoped
public class DeviceTokens {

    /** The role every device token grants. */
    public static final String DEVICE_ROLE = DeviceCredential.DEVICE_ROLE;

    private final RegistryConfig config;

    DeviceTokens(RegistryConfig config) {
        this.config = config;
    }

    public String issue(String deviceId, String partner, int credentialVersion) {
        return Jwt.issuer(config.token().issuer())
                .subject(deviceId)
                .groups(Set.of(DEVICE_ROLE))
                .claim(DeviceCredential.PARTNER_CLAIM, partner)
                .claim(DeviceCredential.VERSION_CLAIM, credentialVersion)
                .expiresIn(config.token().lifetime())
                .sign();
    }
}
