package io.nhp.registry.security;

import io.nhp.registry.config.RegistryConfig;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Issues device credentials: JWTs signed with the configured key; subject = device id, claims = partner and the
 * credential version (a newer version revokes the older tokens).
 */
@ApplicationScoped
public class DeviceTokens {

    /** The role every device token grants. */
    public static final String DEVICE_ROLE = "device";
    /** Claim naming the partner (OEM) a device belongs to. */
    public static final String PARTNER_CLAIM = "partner";
    /** Claim holding the credential version the token was issued under. */
    public static final String VERSION_CLAIM = "cv";

    private final RegistryConfig config;

    DeviceTokens(RegistryConfig config) {
        this.config = config;
    }

    public String issue(String deviceId, String partner, int credentialVersion) {
        return Jwt.issuer(config.token().issuer())
                .subject(deviceId)
                .groups(Set.of(DEVICE_ROLE))
                .claim(PARTNER_CLAIM, partner)
                .claim(VERSION_CLAIM, credentialVersion)
                .expiresIn(config.token().lifetime())
                .sign();
    }
}
