package io.nhp.jobs.security;

import io.nhp.jobs.broker.JobBroker;
import io.nhp.jobs.config.BrokerConfig;
import io.nhp.service.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What a verified device token may do here: act for its own device only, while device-registry has that device
 * registered and the token is of its current credential version (a renewal revokes older tokens). The signature and
 * expiry are checked before (SmallRye JWT).
 */
@ApplicationScoped
public class DeviceCredentials {

    /** Claim naming the partner (OEM) a device belongs to. */
    static final String PARTNER_CLAIM = "partner";
    /** Claim holding the credential version the token was issued under; a token without one is of version 1. */
    static final String VERSION_CLAIM = "cv";

    private final JobBroker broker;
    private final BrokerConfig config;

    DeviceCredentials(JobBroker broker, BrokerConfig config) {
        this.broker = broker;
        this.config = config;
    }

    /**
     * The partner of the token's device, when the token may act for {@code deviceId} (null: for whichever device it
     * names); 403 for another device's path, 401 for a replaced credential or a device that is not registered.
     */
    public String check(JsonWebToken token, String deviceId) {
        String subject = token.getSubject();
        if (deviceId != null && !deviceId.equals(subject)) {
            throw ProblemException.forbidden("this credential belongs to another device");
        }
        Optional<Integer> current = broker.credentialVersion(subject);
        if (current.isPresent()) {
            int version = versionOf(token);
            if (version < current.get()) {
                throw ProblemException.unauthorized("this credential (version " + version + ") was replaced: device '"
                        + subject + "' has a newer one (version " + current.get() + ")");
            }
        } else if (Instant.ofEpochSecond(token.getIssuedAtTime()).plus(config.registrationGrace()).isBefore(Instant.now())) {
            throw ProblemException.unauthorized("no device '" + subject + "' is registered");
        }
        // registered (or registered a moment ago: the signature vouches until the registration arrives)
        return token.getClaim(PARTNER_CLAIM);
    }

    private static int versionOf(JsonWebToken token) {
        Object claim = token.getClaim(VERSION_CLAIM);
        if (claim instanceof JsonNumber number) {
            return number.intValue();
        }
        return claim instanceof Number number ? number.intValue() : 1;
    }
}
