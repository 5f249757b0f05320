package io.nhp.registry.devices;

import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.registry.config.RegistryConfig;
import io.nhp.registry.security.DeviceTokens;
import io.nhp.service.kafka.StoreQueries.Result;
import io.nhp.service.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What a verified device token may do: act for its own device only, while that device is registered and the
 * token is of its current credential version. The signature and expiry are checked before (SmallRye JWT).
 */
@ApplicationScoped
public class DeviceCredentials {

    private final DeviceDirectory directory;
    private final RegistryConfig config;

    DeviceCredentials(DeviceDirectory directory, RegistryConfig config) {
        this.directory = directory;
        this.config = config;
    }

    /** The device a token may act for, with its partner; a 403, 404 or 401 problem otherwise. */
    public Device check(JsonWebToken token, String deviceId) {
        if (!deviceId.equals(token.getSubject())) {
            throw ProblemException.forbidden("this credential belongs to another device");
        }
        String partner = token.getClaim(DeviceTokens.PARTNER_CLAIM);
        Integer version = intClaim(token.getClaim(DeviceTokens.VERSION_CLAIM));
        Result<DeviceRegisteredEvent> found = directory.find(deviceId);
        if (found instanceof Result.Found<DeviceRegisteredEvent> registered) {
            DeviceRegisteredEvent registration = registered.value();
            if (version == null || version < versionOf(registration)) {
                throw ProblemException.unauthorized("this credential was revoked: the device has a newer one");
            }
            return new Device(deviceId, registration.partner(), registration);
        }
        if (found instanceof Result.NotFound<DeviceRegisteredEvent>) {
            Instant issuedAt = Instant.ofEpochSecond(token.getIssuedAtTime());
            if (issuedAt.plus(config.token().registrationGrace()).isBefore(Instant.now())) {
                throw ProblemException.notFound("no device '" + deviceId + "' is registered");
            }
        }
        // registered a moment ago, held by another instance, or the store is starting: the signature vouches
        return new Device(deviceId, partner, null);
    }

    private static Integer intClaim(Object claim) {
        if (claim instanceof JsonNumber number) {
            return number.intValue();
        }
        return claim instanceof Number number ? number.intValue() : null;
    }

    static int versionOf(DeviceRegisteredEvent registration) {
        return registration.credentialVersion() == null ? 1 : registration.credentialVersion();
    }

    /** A device a request may act for; {@code registration} when this instance holds it. */
    public record Device(String deviceId, String partner, DeviceRegisteredEvent registration) {
    }
}
